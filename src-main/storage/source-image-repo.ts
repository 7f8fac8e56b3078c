import type { Db } from './db'
import { indexUserMetadataValue } from './user-metadata'
import { shortHashLength } from './image-identity'

interface SourceImageRow {
  organization_id: string
  hash: string
  binary_hash: string
  blob_hash: string
  name: string
  mimetype: string
  format: string
  size: number
  width: number
  height: number
  created: string
  user_metadata: string
  dynamic_metadata: string
  static_metadata: string
  protected: number
  locked: number
  opaque: number
  animated: number
  entropy: number | null
  deleted_date: string | null
}

/** A stored source image with its JSON columns parsed. */
export interface SourceImageRecord {
  organizationId: string
  hash: string
  binaryHash: string
  /** SHA-1 of the stored object; differs from binaryHash only after optimize_source. */
  blobHash: string
  name: string
  mimetype: string
  format: string
  size: number
  width: number
  height: number
  created: string
  userMetadata: Record<string, unknown>
  dynamicMetadata: Record<string, unknown>
  staticMetadata: Record<string, unknown>
  isProtected: boolean
  locked: boolean
  opaque: boolean
  animated: boolean
  entropy: number | null
  deletedDate: string | null
}

export const recordFromRow = (row: SourceImageRow): SourceImageRecord => ({
  organizationId: row.organization_id,
  hash: row.hash,
  binaryHash: row.binary_hash,
  blobHash: row.blob_hash,
  name: row.name,
  mimetype: row.mimetype,
  format: row.format,
  size: row.size,
  width: row.width,
  height: row.height,
  created: row.created,
  userMetadata: JSON.parse(row.user_metadata) as Record<string, unknown>,
  dynamicMetadata: JSON.parse(row.dynamic_metadata) as Record<string, unknown>,
  staticMetadata: JSON.parse(row.static_metadata) as Record<string, unknown>,
  isProtected: row.protected === 1,
  locked: row.locked === 1,
  opaque: row.opaque === 1,
  animated: row.animated === 1,
  entropy: row.entropy,
  deletedDate: row.deleted_date
})

const rowFromRecord = (r: SourceImageRecord): SourceImageRow => ({
  organization_id: r.organizationId,
  hash: r.hash,
  binary_hash: r.binaryHash,
  blob_hash: r.blobHash,
  name: r.name,
  mimetype: r.mimetype,
  format: r.format,
  size: r.size,
  width: r.width,
  height: r.height,
  created: r.created,
  user_metadata: JSON.stringify(r.userMetadata),
  dynamic_metadata: JSON.stringify(r.dynamicMetadata),
  static_metadata: JSON.stringify(r.staticMetadata),
  protected: r.isProtected ? 1 : 0,
  locked: r.locked ? 1 : 0,
  opaque: r.opaque ? 1 : 0,
  animated: r.animated ? 1 : 0,
  entropy: r.entropy,
  deleted_date: r.deletedDate
})

const SOURCE_IMAGE_COLUMNS = [
  'organization_id',
  'hash',
  'binary_hash',
  'blob_hash',
  'name',
  'mimetype',
  'format',
  'size',
  'width',
  'height',
  'created',
  'user_metadata',
  'dynamic_metadata',
  'static_metadata',
  'protected',
  'locked',
  'opaque',
  'animated',
  'entropy',
  'deleted_date'
] as const

export interface SourceImageRepo {
  /** Exact hash or a unique prefix of 6+ characters; deleted rows only when asked. */
  find(orgId: string, hashOrPrefix: string, includeDeleted?: boolean): SourceImageRecord | undefined
  get(orgId: string, hash: string): SourceImageRecord | undefined
  listByBinaryHash(orgId: string, binaryHash: string, includeDeleted?: boolean): SourceImageRecord[]
  insert(record: SourceImageRecord): void
  /** Replaces every column of an existing row (and its metadata index). */
  update(record: SourceImageRecord): void
  shortHash(orgId: string, hash: string): string
  /** Rows (deleted ones included) whose stored object is `blobHash`. */
  countReferences(blobHash: string): number
  /** Rows deleted before `cutoff` (RFC 3339), for the purge. */
  listDeletedBefore(cutoff: string): SourceImageRecord[]
  purge(orgId: string, hash: string): void
  allBlobHashes(): Set<string>
}

export const createSourceImageRepo = (db: Db): SourceImageRepo => {
  const columns = SOURCE_IMAGE_COLUMNS
  const insertRow = db.prepare(
    `INSERT INTO source_images (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
  )
  const updateRow = db.prepare(
    `UPDATE source_images SET ${columns
      .filter((c) => c !== 'organization_id' && c !== 'hash')
      .map((c) => `${c} = @${c}`)
      .join(', ')} WHERE organization_id = @organization_id AND hash = @hash`
  )
  const deleteMeta = db.prepare(
    'DELETE FROM source_image_meta WHERE organization_id = ? AND hash = ?'
  )
  const insertMeta = db.prepare(
    'INSERT INTO source_image_meta (organization_id, hash, field, value_text, value_num) VALUES (?, ?, ?, ?, ?)'
  )
  const exact = db.prepare<[string, string], SourceImageRow>(
    'SELECT * FROM source_images WHERE organization_id = ? AND hash = ?'
  )
  const byPrefix = db.prepare<[string, string, string], SourceImageRow>(
    'SELECT * FROM source_images WHERE organization_id = ? AND hash >= ? AND hash < ? LIMIT 2'
  )
  const byBinary = db.prepare<[string, string], SourceImageRow>(
    'SELECT * FROM source_images WHERE organization_id = ? AND binary_hash = ? ORDER BY created, hash'
  )
  const before = db.prepare<[string, string], { hash: string }>(
    'SELECT hash FROM source_images WHERE organization_id = ? AND hash < ? ORDER BY hash DESC LIMIT 1'
  )
  const after = db.prepare<[string, string], { hash: string }>(
    'SELECT hash FROM source_images WHERE organization_id = ? AND hash > ? ORDER BY hash LIMIT 1'
  )
  const references = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM source_images WHERE blob_hash = ?'
  )
  const deletedBefore = db.prepare<[string], SourceImageRow>(
    'SELECT * FROM source_images WHERE deleted_date IS NOT NULL AND deleted_date < ?'
  )
  const purgeRow = db.prepare('DELETE FROM source_images WHERE organization_id = ? AND hash = ?')
  const blobs = db.prepare<[], { blob_hash: string }>('SELECT DISTINCT blob_hash FROM source_images')

  const writeMetaIndex = (record: SourceImageRecord) => {
    deleteMeta.run(record.organizationId, record.hash)
    for (const [key, value] of Object.entries(record.userMetadata)) {
      for (const row of indexUserMetadataValue(key, value)) {
        insertMeta.run(record.organizationId, record.hash, row.field, row.text, row.num)
      }
    }
  }

  const visible = (row: SourceImageRow | undefined, includeDeleted: boolean) =>
    row && (includeDeleted || row.deleted_date === null) ? recordFromRow(row) : undefined

  return {
    find: (orgId, hashOrPrefix, includeDeleted = false) => {
      const key = hashOrPrefix.toLowerCase()
      if (!/^[0-9a-f]{6,40}$/.test(key)) return undefined
      if (key.length === 40) return visible(exact.get(orgId, key), includeDeleted)
      const rows = byPrefix.all(orgId, key, `${key}g`)
      return rows.length === 1 ? visible(rows[0], includeDeleted) : undefined
    },
    get: (orgId, hash) => visible(exact.get(orgId, hash), true),
    listByBinaryHash: (orgId, binaryHash, includeDeleted = false) =>
      byBinary
        .all(orgId, binaryHash)
        .filter((row) => includeDeleted || row.deleted_date === null)
        .map(recordFromRow),
    insert: db.transaction((record: SourceImageRecord) => {
      insertRow.run(rowFromRecord(record))
      writeMetaIndex(record)
    }),
    update: db.transaction((record: SourceImageRecord) => {
      updateRow.run(rowFromRecord(record))
      writeMetaIndex(record)
    }),
    shortHash: (orgId, hash) =>
      hash.slice(
        0,
        shortHashLength(hash, [before.get(orgId, hash)?.hash, after.get(orgId, hash)?.hash])
      ),
    countReferences: (binaryHash) => references.get(binaryHash)?.n ?? 0,
    listDeletedBefore: (cutoff) => deletedBefore.all(cutoff).map(recordFromRow),
    purge: (orgId, hash) => {
      purgeRow.run(orgId, hash)
    },
    allBlobHashes: () => new Set(blobs.all().map((row) => row.blob_hash))
  }
}
