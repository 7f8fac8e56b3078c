import { createHash } from 'node:crypto'
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { expect } from 'vitest'

export interface InvariantReport {
  rows: number
  objects: number
  /** Objects whose content does not hash to their name (I2). */
  misnamed: string[]
  /** Rows whose object is missing (I3). */
  dangling: string[]
  /** Objects no row refers to (I4: bounded, collected after a grace period). */
  orphans: string[]
  /** Files left in the temp folders of the blob store and the render cache (I5). */
  temp: number
  /** Cached renders listed in the database. */
  renders: number
  /** Cached renders whose file is missing or not the size recorded. */
  damagedRenders: string[]
  integrity: string
}

const list = async (dir: string): Promise<string[]> => readdir(dir).catch(() => [])

/** Checks the store's invariants from the outside, straight from the files and the database. */
export const checkStoreInvariants = async (dataDir: string): Promise<InvariantReport> => {
  const objectsDir = join(dataDir, 'blobs', 'objects')
  const objects = new Set<string>()
  const misnamed: string[] = []
  for (const prefix of await list(objectsDir)) {
    for (const name of await list(join(objectsDir, prefix))) {
      const bytes = await readFile(join(objectsDir, prefix, name))
      if (createHash('sha1').update(bytes).digest('hex') !== name) misnamed.push(name)
      objects.add(name)
    }
  }
  const db = new Database(join(dataDir, 'darkroom.sqlite'), { readonly: true })
  try {
    const rows = db.prepare('SELECT hash, blob_hash FROM source_images').all() as { hash: string; blob_hash: string }[]
    const renders = db.prepare('SELECT key, size FROM render_cache').all() as { key: string; size: number }[]
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? ''
    const damagedRenders: string[] = []
    for (const render of renders) {
      const info = await stat(join(dataDir, 'renders', render.key.slice(0, 2), render.key)).catch(() => null)
      if (!info || info.size !== render.size) damagedRenders.push(render.key)
    }
    const referenced = new Set(rows.map((row) => row.blob_hash))
    return {
      rows: rows.length,
      objects: objects.size,
      misnamed,
      dangling: rows.filter((row) => !objects.has(row.blob_hash)).map((row) => row.hash),
      orphans: [...objects].filter((name) => !referenced.has(name)),
      temp:
        (await list(join(dataDir, 'blobs', 'tmp'))).length + (await list(join(dataDir, 'renders', 'tmp'))).length,
      renders: renders.length,
      damagedRenders,
      integrity
    }
  } finally {
    db.close()
  }
}

/**
 * The invariant check of the test plan (§2): integrity ok, every object re-hashes to its name, no
 * row without its object, no temp leftover, no damaged render; orphans at most `maxOrphans`.
 * Run it with no write in flight (server stopped, or idle).
 */
export const expectStoreInvariants = async (
  dataDir: string,
  options: { maxOrphans?: number } = {}
): Promise<InvariantReport> => {
  const report = await checkStoreInvariants(dataDir)
  expect(report.integrity, 'PRAGMA integrity_check').toBe('ok')
  expect(report.misnamed, 'I2: objects named by their hash').toEqual([])
  expect(report.dangling, 'I3: rows whose object is missing').toEqual([])
  expect(report.temp, 'I5: temp files left behind').toBe(0)
  expect(report.damagedRenders, 'cached renders of the wrong size').toEqual([])
  expect(report.orphans.length, 'I4: orphan objects').toBeLessThanOrEqual(options.maxOrphans ?? 0)
  return report
}
