import type { Db } from '../storage/db'
import type { ImageOrigin } from '../../src-shared/api/watched-folders'
import { nowRfc3339 } from '../storage/clock'

/** What Darkroom last read from one file of a watched folder. */
export interface KnownFile {
  folderId: string
  relPath: string
  size: number
  mtimeMs: number
  binaryHash: string | null
  status: 'imported' | 'skipped'
  reason: string | null
}

interface KnownFileRow {
  folder_id: string
  rel_path: string
  size: number
  mtime_ms: number
  binary_hash: string | null
  status: 'imported' | 'skipped'
  reason: string | null
}

const fromRow = (row: KnownFileRow): KnownFile => ({
  folderId: row.folder_id,
  relPath: row.rel_path,
  size: row.size,
  mtimeMs: row.mtime_ms,
  binaryHash: row.binary_hash,
  status: row.status,
  reason: row.reason
})

export interface JournalEntry {
  folderId: string
  relPath: string
  binaryHash: string | null
}

/** The file table, the origins of images and the ingest journal of watched folders. */
export const createFileRepo = (db: Db) => {
  const getFile = db.prepare<[string, string], KnownFileRow>(
    'SELECT * FROM watch_files WHERE folder_id = ? AND rel_path = ?'
  )
  const upsertFile = db.prepare(
    `INSERT INTO watch_files (folder_id, rel_path, size, mtime_ms, binary_hash, status, reason, seen)
     VALUES (@folder_id, @rel_path, @size, @mtime_ms, @binary_hash, @status, @reason, @seen)
     ON CONFLICT (folder_id, rel_path) DO UPDATE SET size = excluded.size,
       mtime_ms = excluded.mtime_ms, binary_hash = excluded.binary_hash, status = excluded.status,
       reason = excluded.reason, seen = excluded.seen`
  )
  const deleteFile = db.prepare('DELETE FROM watch_files WHERE folder_id = ? AND rel_path = ?')
  const pathsOf = db.prepare<[string], { rel_path: string }>(
    'SELECT rel_path FROM watch_files WHERE folder_id = ?'
  )
  const skippedFiles = db.prepare<[string, number], KnownFileRow>(
    `SELECT * FROM watch_files WHERE folder_id = ? AND status = 'skipped' ORDER BY seen DESC LIMIT ?`
  )
  const upsertOrigin = db.prepare(
    `INSERT INTO image_origins (organization_id, binary_hash, path, folder_id, folder_path, first_seen, last_seen, gone)
     VALUES (@organization_id, @binary_hash, @path, @folder_id, @folder_path, @now, @now, NULL)
     ON CONFLICT (organization_id, binary_hash, path) DO UPDATE SET folder_id = excluded.folder_id,
       folder_path = excluded.folder_path, last_seen = excluded.last_seen, gone = NULL`
  )
  const markGone = db.prepare(
    `UPDATE image_origins SET gone = ? WHERE organization_id = ? AND path = ? AND gone IS NULL
       AND binary_hash <> ?`
  )
  const originsOf = db.prepare<[string, string], ImageOrigin>(
    `SELECT path, folder_path, folder_id, first_seen, last_seen, gone FROM image_origins
     WHERE organization_id = ? AND binary_hash = ? ORDER BY gone IS NOT NULL, last_seen DESC LIMIT 100`
  )
  const presentOrigins = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM image_origins WHERE organization_id = ? AND binary_hash = ? AND gone IS NULL'
  )
  const detachFolder = db.prepare('UPDATE image_origins SET folder_id = NULL WHERE folder_id = ?')
  const journalPut = db.prepare(
    `INSERT INTO watch_journal (folder_id, rel_path, started, binary_hash) VALUES (?, ?, ?, NULL)
     ON CONFLICT (folder_id, rel_path) DO UPDATE SET started = excluded.started, binary_hash = NULL`
  )
  const journalHash = db.prepare(
    'UPDATE watch_journal SET binary_hash = ? WHERE folder_id = ? AND rel_path = ?'
  )
  const journalDelete = db.prepare('DELETE FROM watch_journal WHERE folder_id = ? AND rel_path = ?')
  const journalAll = db.prepare<
    [],
    { folder_id: string; rel_path: string; binary_hash: string | null }
  >('SELECT folder_id, rel_path, binary_hash FROM watch_journal ORDER BY started')
  const journalCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM watch_journal')

  return {
    getFile: (folderId: string, relPath: string): KnownFile | undefined => {
      const row = getFile.get(folderId, relPath)
      return row ? fromRow(row) : undefined
    },
    putFile: (file: KnownFile): void =>
      void upsertFile.run({
        folder_id: file.folderId,
        rel_path: file.relPath,
        size: file.size,
        mtime_ms: file.mtimeMs,
        binary_hash: file.binaryHash,
        status: file.status,
        reason: file.reason,
        seen: nowRfc3339()
      }),
    deleteFile: (folderId: string, relPath: string): void => void deleteFile.run(folderId, relPath),
    knownPaths: (folderId: string): string[] => pathsOf.all(folderId).map((row) => row.rel_path),
    skippedFiles: (folderId: string, limit: number): KnownFile[] =>
      skippedFiles.all(folderId, limit).map(fromRow),
    /** Records that `path` holds `binaryHash` now; older contents of the path are marked gone. */
    putOrigin: (input: {
      organizationId: string
      binaryHash: string
      path: string
      folderId: string
      folderPath: string
    }): void => {
      const now = nowRfc3339()
      markGone.run(now, input.organizationId, input.path, input.binaryHash)
      upsertOrigin.run({
        organization_id: input.organizationId,
        binary_hash: input.binaryHash,
        path: input.path,
        folder_id: input.folderId,
        folder_path: input.folderPath,
        now
      })
    },
    /** The file at `path` is gone: every origin pointing at it is marked so. */
    originGone: (organizationId: string, path: string): void =>
      void markGone.run(nowRfc3339(), organizationId, path, ''),
    origins: (organizationId: string, binaryHash: string): ImageOrigin[] =>
      originsOf.all(organizationId, binaryHash),
    hasPresentOrigin: (organizationId: string, binaryHash: string): boolean =>
      (presentOrigins.get(organizationId, binaryHash)?.n ?? 0) > 0,
    detachFolder: (folderId: string): void => void detachFolder.run(folderId),
    journal: {
      start: (folderId: string, relPath: string): void =>
        void journalPut.run(folderId, relPath, nowRfc3339()),
      hashed: (folderId: string, relPath: string, binaryHash: string): void =>
        void journalHash.run(binaryHash, folderId, relPath),
      finish: (folderId: string, relPath: string): void =>
        void journalDelete.run(folderId, relPath),
      all: (): JournalEntry[] =>
        journalAll.all().map((row) => ({
          folderId: row.folder_id,
          relPath: row.rel_path,
          binaryHash: row.binary_hash
        })),
      size: (): number => journalCount.get()?.n ?? 0
    }
  }
}

export type FileRepo = ReturnType<typeof createFileRepo>
