import { badRenderUrl } from './render-url-error'
import { locateSignature, readSigopts, signedStringOf } from './render-signature-query'
import type { RenderSignature } from './render-url-types'

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The stack variables of the `?v=` JSON object (`{}` without one); 400 unless an object. */
export const readQueryVariables = (params: URLSearchParams): Record<string, unknown> => {
  const values = params.getAll('v')
  const [raw] = values
  if (raw === undefined) return {}
  if (values.length > 1) throw badRenderUrl('The v query parameter is given more than once.')
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    throw badRenderUrl('The v query parameter is not valid JSON; write it like v={"w":300}.')
  }
  if (!isPlainObject(parsed)) {
    throw badRenderUrl('The v query parameter must be a JSON object like v={"w":300}.')
  }
  return parsed
}

/**
 * The `sig`/`sigopts` of a render URL, or `undefined` when it has no `sig`. Only reads them;
 * verifying is `verifySignedUrl`'s job. 400 when `sig` is not the last parameter or appears
 * twice, or when `sigopts` is not a JSON object with a string `until`.
 */
export const readSignature = (path: string, rawQuery: string): RenderSignature | undefined => {
  const location = locateSignature(rawQuery)
  if (location.kind === 'unsigned') return undefined
  if (location.kind === 'misplaced') {
    throw badRenderUrl('The sig query parameter must appear once, as the last parameter.')
  }
  const sigopts = readSigopts(location.unsignedQuery)
  if (!sigopts.ok) throw badRenderUrl(`The signature options are unreadable: ${sigopts.why}.`)
  return {
    sig: location.sig,
    ...(sigopts.value === undefined ? {} : { sigopts: sigopts.value }),
    signedString: signedStringOf(path, location.unsignedQuery)
  }
}
