import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'

export interface InvariantReport {
  rows: number
  objects: number
  /** Objects whose content does not hash to their name (I2). */
  misnamed: string[]
  /** Rows whose object is missing (I3). */
  dangling: string[]
  /** Files left in the temp folder. */
  temp: number
  integrity: string
}

/** Checks the store's invariants from the outside, with the server stopped. */
export const checkStoreInvariants = async (dataDir: string): Promise<InvariantReport> => {
  const objectsDir = join(dataDir, 'blobs', 'objects')
  const objects = new Set<string>()
  const misnamed: string[] = []
  for (const prefix of await readdir(objectsDir)) {
    for (const name of await readdir(join(objectsDir, prefix))) {
      const bytes = await readFile(join(objectsDir, prefix, name))
      if (createHash('sha1').update(bytes).digest('hex') !== name) misnamed.push(name)
      objects.add(name)
    }
  }
  const db = new Database(join(dataDir, 'darkroom.sqlite'), { readonly: true })
  try {
    const rows = db.prepare('SELECT hash, blob_hash FROM source_images').all() as { hash: string; blob_hash: string }[]
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? ''
    return {
      rows: rows.length,
      objects: objects.size,
      misnamed,
      dangling: rows.filter((row) => !objects.has(row.blob_hash)).map((row) => row.hash),
      temp: (await readdir(join(dataDir, 'blobs', 'tmp'))).length,
      integrity
    }
  } finally {
    db.close()
  }
}
