import type { Db } from './db'

/** Where the background scrub stands; survives restarts. */
export interface ScrubProgress {
  /** The last blob hash checked in the current pass ('' at the start of a pass). */
  cursor: string
  /** Objects re-hashed in the current pass. */
  checkedInPass: number
  /** Passes over every stored original completed so far. */
  passes: number
  /** When the scrub last re-hashed an object (RFC 3339). */
  lastCheck: string | null
  /** When the scrub last completed a pass. */
  lastPass: string | null
}

/** The database side of the scrub: which originals exist, in a stable order, and its progress. */
export interface ScrubRepo {
  /** How many distinct stored originals the images use (trash included). */
  countObjects(): number
  /** Up to `limit` blob hashes used by images, in order, after `cursor`. */
  objectsAfter(cursor: string, limit: number): string[]
  loadProgress(): ScrubProgress
  saveProgress(progress: ScrubProgress): void
}

interface ProgressRow {
  cursor: string
  checked_in_pass: number
  passes: number
  last_check: string | null
  last_pass: string | null
}

export const createScrubRepo = (db: Db): ScrubRepo => {
  // Both walk the blob-hash index: cheap however large the library is.
  const count = db.prepare<[], { n: number }>(
    'SELECT count(DISTINCT blob_hash) AS n FROM source_images'
  )
  const after = db.prepare<[string, number], { blob_hash: string }>(
    'SELECT DISTINCT blob_hash FROM source_images WHERE blob_hash > ? ORDER BY blob_hash LIMIT ?'
  )
  const load = db.prepare<[], ProgressRow>(
    'SELECT cursor, checked_in_pass, passes, last_check, last_pass FROM scrub_progress WHERE id = 1'
  )
  const save = db.prepare(
    `UPDATE scrub_progress SET cursor = @cursor, checked_in_pass = @checked_in_pass,
     passes = @passes, last_check = @last_check, last_pass = @last_pass WHERE id = 1`
  )
  return {
    countObjects: () => count.get()?.n ?? 0,
    objectsAfter: (cursor, limit) => after.all(cursor, limit).map((row) => row.blob_hash),
    loadProgress: () => {
      const row = load.get()
      return {
        cursor: row?.cursor ?? '',
        checkedInPass: row?.checked_in_pass ?? 0,
        passes: row?.passes ?? 0,
        lastCheck: row?.last_check ?? null,
        lastPass: row?.last_pass ?? null
      }
    },
    saveProgress: (progress) => {
      save.run({
        cursor: progress.cursor,
        checked_in_pass: progress.checkedInPass,
        passes: progress.passes,
        last_check: progress.lastCheck,
        last_pass: progress.lastPass
      })
    }
  }
}
