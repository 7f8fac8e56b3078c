import type { ObjectState } from './blob-store'
import { nowRfc3339 } from './clock'
import type { Db } from './db'

/** What is wrong with a stored original: its file is gone, or its bytes no longer match its name. */
export type DamageState = Exclude<ObjectState, 'intact'>

/** An image whose original is damaged. */
export interface ImageOfDamagedObject {
  organizationId: string
  /** Empty when the organization row is gone. */
  organization: string
  hash: string
  name: string
  /** In the trash. */
  deleted: boolean
}

export interface DamagedObjectRecord {
  blobHash: string
  state: DamageState
  /** When the damage was first seen (RFC 3339). */
  found: string
  images: ImageOfDamagedObject[]
}

/** Stored originals found damaged or missing, remembered until they are re-hashed intact. */
export interface DamageRegister {
  /** Records what re-hashing `blobHash` found: damage is remembered, intact forgets it. */
  note(blobHash: string, state: ObjectState): void
  /** Damaged objects some image still uses, with those images, oldest finding first. */
  list(): DamagedObjectRecord[]
  /** Forgets objects no image uses any more (purged, or never more than an orphan). */
  forgetUnused(): void
}

interface ImageRow {
  organization_id: string
  organization: string | null
  hash: string
  name: string
  deleted_date: string | null
}

/**
 * The damage register, kept in memory and written through to `damaged_objects`. Reads stay in
 * memory (a render asks on every miss of the cache), so a database that cannot be written costs
 * only the memory across a restart, never a request.
 */
export const createDamageRegister = (db: Db): DamageRegister => {
  const known = new Map<string, { state: DamageState; found: string }>()
  for (const row of db.prepare('SELECT blob_hash, state, found FROM damaged_objects').all() as {
    blob_hash: string
    state: DamageState
    found: string
  }[]) {
    known.set(row.blob_hash, { state: row.state, found: row.found })
  }
  const upsert = db.prepare(
    `INSERT INTO damaged_objects (blob_hash, state, found) VALUES (?, ?, ?)
     ON CONFLICT (blob_hash) DO UPDATE SET state = excluded.state`
  )
  const remove = db.prepare('DELETE FROM damaged_objects WHERE blob_hash = ?')
  const imagesOf = db.prepare<[string], ImageRow>(
    `SELECT s.organization_id, o.name AS organization, s.hash, s.name, s.deleted_date
     FROM source_images s LEFT JOIN organizations o ON o.id = s.organization_id
     WHERE s.blob_hash = ? ORDER BY o.name, s.hash`
  )

  let warned = false
  const persist = (write: () => void) => {
    try {
      write()
    } catch (error) {
      if (warned) return
      warned = true
      console.warn(`Darkroom keeps store damage in memory only: ${(error as Error).message}`)
    }
  }

  const forget = (blobHash: string) => {
    if (!known.delete(blobHash)) return
    persist(() => remove.run(blobHash))
  }

  return {
    note: (blobHash, state) => {
      if (state === 'intact') return forget(blobHash)
      const current = known.get(blobHash)
      if (current?.state === state) return
      const found = current?.found ?? nowRfc3339()
      known.set(blobHash, { state, found })
      persist(() => upsert.run(blobHash, state, found))
    },
    list: () => {
      const records: DamagedObjectRecord[] = []
      for (const [blobHash, { state, found }] of known) {
        const images = imagesOf.all(blobHash).map((row) => ({
          organizationId: row.organization_id,
          organization: row.organization ?? '',
          hash: row.hash,
          name: row.name,
          deleted: row.deleted_date !== null
        }))
        if (images.length > 0) records.push({ blobHash, state, found, images })
      }
      return records.sort(
        (a, b) => a.found.localeCompare(b.found) || a.blobHash.localeCompare(b.blobHash)
      )
    },
    forgetUnused: () => {
      for (const blobHash of [...known.keys()]) {
        if (imagesOf.all(blobHash).length === 0) forget(blobHash)
      }
    }
  }
}
