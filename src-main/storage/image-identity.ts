import { createHash } from 'node:crypto'

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * A source image's `hash`: SHA-1 over a versioned label, the binary hash, the canonical
 * dynamic metadata and the protected flag. Same bytes and same metadata give the same hash;
 * removing a metadata entry returns to the earlier hash.
 */
export const computeImageHash = (
  binaryHash: string,
  dynamicMetadata: Record<string, unknown>,
  isProtected: boolean
): string =>
  createHash('sha1')
    .update(`darkroom-image-v1\n${binaryHash}\n${canonicalJson(dynamicMetadata)}\n`)
    .update(isProtected ? 'protected' : 'public')
    .digest('hex')

/** Length of the shortest prefix of `hash` (at least 6) that no neighbour shares. */
export const shortHashLength = (hash: string, neighbours: (string | undefined)[]): number => {
  let length = 6
  for (const other of neighbours) {
    if (!other || other === hash) continue
    let common = 0
    while (common < hash.length && hash[common] === other[common]) common++
    length = Math.max(length, common + 1)
  }
  return Math.min(length, hash.length)
}
