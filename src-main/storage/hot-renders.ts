/**
 * The most recently used small renders, kept in memory so a cached render is served without
 * touching the disk (a file server pays open, stat, read and close per request). Bounded by bytes;
 * least recently used entries go first.
 */
export const createHotRenders = <T>(options: {
  /** Total bytes kept. */
  maxBytes: number
  /** Larger renders are only streamed from disk. */
  maxEntryBytes: number
}) => {
  const entries = new Map<string, { value: T; data: Buffer }>()
  let bytes = 0

  const remove = (key: string) => {
    const found = entries.get(key)
    if (!found) return
    entries.delete(key)
    bytes -= found.data.length
  }

  return {
    get: (key: string): { value: T; data: Buffer } | undefined => {
      const found = entries.get(key)
      if (!found) return undefined
      // Map keeps insertion order: re-inserting marks the entry as most recently used
      entries.delete(key)
      entries.set(key, found)
      return found
    },
    set: (key: string, value: T, data: Buffer): void => {
      remove(key)
      if (data.length > options.maxEntryBytes || data.length > options.maxBytes) return
      entries.set(key, { value, data })
      bytes += data.length
      for (const oldest of entries.keys()) {
        if (bytes <= options.maxBytes) break
        remove(oldest)
      }
    },
    delete: remove,
    get bytes() {
      return bytes
    },
    get size() {
      return entries.size
    }
  }
}
