import { stat } from 'node:fs/promises'

export interface SettleOptions {
  /** How long size and mtime must stay the same before a file counts as written (ms). */
  stableMs: number
  /** How often files still settling are looked at (ms). */
  pollMs: number
  onSettled(key: string): void
}

interface Settling {
  path: string
  size: number
  mtimeMs: number
  since: number
}

/**
 * Waits out files that are still being written: a file is settled once its size and mtime have
 * not changed for `stableMs`. A file copied slowly over a minute settles once, after the copy.
 */
export const createSettler = (options: SettleOptions) => {
  const settling = new Map<string, Settling>()
  let timer: NodeJS.Timeout | null = null
  let polling = false

  const poll = async () => {
    if (polling) return
    polling = true
    try {
      const now = Date.now()
      await Promise.all(
        [...settling].map(async ([key, entry]) => {
          let size = -1
          let mtimeMs = -1
          try {
            const info = await stat(entry.path)
            size = info.size
            mtimeMs = info.mtimeMs
          } catch {
            // Gone: settled as it is; the import sees that it is missing.
          }
          if (settling.get(key) !== entry) return
          if (size !== entry.size || mtimeMs !== entry.mtimeMs) {
            Object.assign(entry, { size, mtimeMs, since: now })
            if (size !== -1) return
          }
          if (size === -1 || now - entry.since >= options.stableMs) {
            settling.delete(key)
            options.onSettled(key)
          }
        })
      )
    } finally {
      polling = false
      if (settling.size === 0 && timer) {
        clearInterval(timer)
        timer = null
      }
    }
  }

  return {
    /** A file appeared or changed: its clock starts (again). */
    touch(key: string, path: string): void {
      const entry = settling.get(key)
      if (entry) entry.since = Date.now()
      else settling.set(key, { path, size: -2, mtimeMs: -2, since: Date.now() })
      timer ??= setInterval(() => void poll(), options.pollMs)
    },
    has: (key: string): boolean => settling.has(key),
    forgetPrefix(prefix: string): void {
      for (const key of [...settling.keys()]) if (key.startsWith(prefix)) settling.delete(key)
    },
    /** Keys still settling whose key starts with `prefix`. */
    count(prefix: string): number {
      let n = 0
      for (const key of settling.keys()) if (key.startsWith(prefix)) n++
      return n
    },
    close(): void {
      if (timer) clearInterval(timer)
      timer = null
      settling.clear()
    }
  }
}

export type Settler = ReturnType<typeof createSettler>
