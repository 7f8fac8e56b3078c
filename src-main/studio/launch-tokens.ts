import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** At most this many unused links are honoured; older ones lapse so the list cannot grow. */
export const MAX_PENDING_LAUNCH_TOKENS = 16

/**
 * One-time secrets that open the studio (the `#token=` part of the link printed at start).
 * Only their SHA-256 digests are kept, and a token works once.
 */
export interface LaunchTokens {
  /** A new token: 32 random bytes, base64url. */
  issue(): string
  /** True once for an issued token; false for anything else, including a second try. */
  redeem(candidate: string): boolean
}

const digestOf = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

/** Creates the in-memory token list; `random` is for tests. */
export const createLaunchTokens = (
  random: () => string = () => randomBytes(32).toString('base64url')
): LaunchTokens => {
  const pending: Buffer[] = []
  return {
    issue: () => {
      const token = random()
      pending.push(digestOf(token))
      if (pending.length > MAX_PENDING_LAUNCH_TOKENS) pending.shift()
      return token
    },
    redeem: (candidate) => {
      const probe = digestOf(candidate)
      let found = -1
      // Every entry is compared, so the time taken says nothing about which one matched.
      pending.forEach((digest, index) => {
        if (timingSafeEqual(digest, probe) && found === -1) found = index
      })
      if (found === -1) return false
      pending.splice(found, 1)
      return true
    }
  }
}
