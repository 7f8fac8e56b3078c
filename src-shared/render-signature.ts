import { parseIsoInstant } from './render-signature-until'
import { locateSignature, readSigopts, signedStringOf } from './render-signature-query'

/** SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex characters. */
export type Sha256Hex = (text: string) => string

/**
 * Outcome of checking a render URL's signature: `missing` when there is no `sig` parameter,
 * `bad` when it does not verify (wrong, misplaced, repeated, or with unreadable `sigopts`),
 * `expired` when it verifies but its `sigopts.until` has passed.
 */
export type SignatureStatus = 'ok' | 'missing' | 'bad' | 'expired'

/** rokka's URL signatures, over an injected SHA-256 so that the code also runs in browsers. */
export interface UrlSigner {
  /**
   * The 16 hex characters rokka's `sig` holds for `pathAndQuery` (the path with its leading `/`,
   * plus `?query` when the query without `sig` is not empty): the start of
   * `sha256(pathAndQuery + ':' + key)`.
   */
  signatureFor(pathAndQuery: string, key: string): string
  /**
   * Checks the signature of a request path with its raw query (`/dynamic/abcdef.jpg?sig=…`),
   * exactly as received. `sig` must be the last parameter and is checked against every key; a
   * `sigopts.until` (any ISO 8601 form) earlier than `now` makes a valid signature `expired`.
   */
  verifySignedUrl(pathWithQuery: string, keys: readonly string[], now: Date): SignatureStatus
  /**
   * Signs a path with optional raw query as rokka's clients do: drops any `sig` and `sigopts`,
   * adds `sigopts={"until":…}` when `until` is given, then appends `sig` as the last parameter.
   */
  signUrl(pathWithQuery: string, key: string, until?: Date): string
}

const SIG = /^[0-9a-f]{16}$/

/** Compares two strings in time that depends on their length only, not on where they differ. */
export const equalsInConstantTime = (a: string, b: string): boolean => {
  let difference = a.length ^ b.length
  const length = Math.max(a.length, b.length)
  for (let index = 0; index < length; index += 1) {
    difference |= (a.charCodeAt(index) | 0) ^ (b.charCodeAt(index) | 0)
  }
  return difference === 0
}

const splitQuery = (pathWithQuery: string): [path: string, query: string] => {
  const mark = pathWithQuery.indexOf('?')
  if (mark < 0) return [pathWithQuery, '']
  return [pathWithQuery.slice(0, mark), pathWithQuery.slice(mark + 1)]
}

const isSignatureParameter = (parameter: string) => {
  const name = parameter.split('=', 1)[0]
  return name === 'sig' || name === 'sigopts'
}

/** The signing functions over `sha256Hex` (node:crypto in main, any sync SHA-256 elsewhere). */
export const createUrlSigner = (sha256Hex: Sha256Hex): UrlSigner => {
  const signatureFor = (pathAndQuery: string, key: string): string =>
    sha256Hex(`${pathAndQuery}:${key}`).slice(0, 16)

  const verifySignedUrl = (
    pathWithQuery: string,
    keys: readonly string[],
    now: Date
  ): SignatureStatus => {
    const [path, query] = splitQuery(pathWithQuery)
    const location = locateSignature(query)
    if (location.kind === 'unsigned') return 'missing'
    if (location.kind === 'misplaced') return 'bad'
    const sig = location.sig.toLowerCase()
    if (!SIG.test(sig)) return 'bad'
    const signed = signedStringOf(path, location.unsignedQuery)
    // every key is tried, so the time taken does not tell which key matched
    const matches = keys.reduce(
      (found, key) => equalsInConstantTime(signatureFor(signed, key), sig) || found,
      false
    )
    if (!matches) return 'bad'
    const sigopts = readSigopts(location.unsignedQuery)
    if (!sigopts.ok) return 'bad'
    const until = sigopts.value?.until
    if (until === undefined) return 'ok'
    const deadline = parseIsoInstant(until)
    if (deadline === undefined) return 'bad'
    return now.getTime() > deadline ? 'expired' : 'ok'
  }

  const signUrl = (pathWithQuery: string, key: string, until?: Date): string => {
    const [path, query] = splitQuery(pathWithQuery)
    const kept = query === '' ? [] : query.split('&').filter((part) => !isSignatureParameter(part))
    if (until !== undefined) {
      kept.push(`sigopts=${encodeURIComponent(JSON.stringify({ until: until.toISOString() }))}`)
    }
    const unsigned = signedStringOf(path, kept.join('&'))
    const sig = signatureFor(unsigned, key)
    return `${unsigned}${kept.length === 0 ? '?' : '&'}sig=${sig}`
  }

  return { signatureFor, verifySignedUrl, signUrl }
}
