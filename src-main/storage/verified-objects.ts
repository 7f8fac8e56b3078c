import type { BigIntStats } from 'node:fs'

/**
 * The file identity of objects that re-hashed to their names, so a read can skip hashing a file
 * nothing has touched since. Any write, truncation, replacement or re-link through the file
 * system moves the inode's change time (which user space cannot set back), so a changed file
 * never matches; rot below the file system is left to the scrub and `verify`, which always hash.
 */
export interface VerifiedObjects {
  /** Whether `binaryHash` was verified while its file looked exactly as `stats` says now. */
  unchangedSince(binaryHash: string, stats: BigIntStats): boolean
  remember(binaryHash: string, stats: BigIntStats): void
  forget(binaryHash: string): void
}

const identityOf = (stats: BigIntStats): string =>
  `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`

/** Keeps the `limit` most recently verified objects (a Map iterates in insertion order). */
export const createVerifiedObjects = (limit = 20_000): VerifiedObjects => {
  const verified = new Map<string, string>()
  return {
    unchangedSince: (binaryHash, stats) => {
      const known = verified.get(binaryHash)
      if (known !== identityOf(stats)) return false
      verified.delete(binaryHash)
      verified.set(binaryHash, known)
      return true
    },
    remember: (binaryHash, stats) => {
      verified.delete(binaryHash)
      verified.set(binaryHash, identityOf(stats))
      if (verified.size > limit) verified.delete(verified.keys().next().value as string)
    },
    forget: (binaryHash) => {
      verified.delete(binaryHash)
    }
  }
}
