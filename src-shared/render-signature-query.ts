import type { SignatureOptions } from './render-url-types'

/** Where the `sig` parameter is in a raw query string. */
export type SignatureLocation =
  | { kind: 'unsigned' }
  /** `sig` appears more than once or not as the last parameter. */
  | { kind: 'misplaced' }
  /** `unsignedQuery` is the raw query without the trailing `&sig=…`, byte for byte. */
  | { kind: 'signed'; sig: string; unsignedQuery: string }

const formDecode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '))
  } catch {
    return undefined
  }
}

const nameOf = (parameter: string): string | undefined => {
  const equals = parameter.indexOf('=')
  return formDecode(equals < 0 ? parameter : parameter.slice(0, equals))
}

const valueOf = (parameter: string): string => {
  const equals = parameter.indexOf('=')
  return equals < 0 ? '' : (formDecode(parameter.slice(equals + 1)) ?? '')
}

/** Finds `sig` in a raw query string (with or without the leading `?`). */
export const locateSignature = (rawQuery: string): SignatureLocation => {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery
  const parameters = query === '' ? [] : query.split('&')
  const positions = parameters.flatMap((parameter, index) =>
    nameOf(parameter) === 'sig' ? [index] : []
  )
  if (positions.length === 0) return { kind: 'unsigned' }
  const last = parameters.length - 1
  if (positions.length > 1 || positions[0] !== last) return { kind: 'misplaced' }
  return {
    kind: 'signed',
    sig: valueOf(parameters[last] ?? ''),
    unsignedQuery: parameters.slice(0, last).join('&')
  }
}

/** The string a signature covers: the path, plus `?` and the query when there is one. */
export const signedStringOf = (path: string, unsignedQuery: string): string =>
  unsignedQuery === '' ? path : `${path}?${unsignedQuery}`

/** The `sigopts` of an unsigned query, or why it cannot be read. */
export type SigoptsResult = { ok: true; value?: SignatureOptions } | { ok: false; why: string }

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Reads the `sigopts` JSON (`{"until":"2050-02-08T07:05:00.000Z"}`) of a raw query. Only checks
 * the shape: `until`, when present, must be a string; whether it is a date is for the caller.
 */
export const readSigopts = (unsignedQuery: string): SigoptsResult => {
  const values = new URLSearchParams(unsignedQuery).getAll('sigopts')
  const [raw] = values
  if (raw === undefined) return { ok: true }
  if (values.length > 1) return { ok: false, why: 'sigopts is given more than once' }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { ok: false, why: 'sigopts is not valid JSON' }
  }
  if (!isPlainObject(parsed)) return { ok: false, why: 'sigopts must be a JSON object' }
  const { until } = parsed
  if (until === undefined) return { ok: true, value: {} }
  if (typeof until !== 'string') return { ok: false, why: 'sigopts.until must be a string' }
  return { ok: true, value: { until } }
}
