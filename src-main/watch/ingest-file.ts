import { basename, join } from 'node:path'
import type { Db } from '../storage/db'
import type { SourceImageRepo } from '../storage/source-image-repo'
import type { UploadService } from '../library/upload-service'
import type { StagedBlob } from '../storage/blob-store'
import { isAppError } from '../errors'
import { computeImageHash } from '../storage/image-identity'
import type { FolderRecord, FolderRepo } from './folder-repo'
import type { FileRepo } from './file-repo'
import { inspectPath, openRegularFile } from './inspect-path'
import { createKeyedLock } from './keyed-lock'

/** How importing one file ended. */
export type IngestOutcome =
  | { kind: 'imported'; hash: string; binaryHash: string }
  | { kind: 'known'; hash: string; binaryHash: string }
  /** Same path, size and mtime as last time: nothing read. */
  | { kind: 'unchanged' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'missing' }
  /** The file changed while it was read: try again once it settles. */
  | { kind: 'changed' }

export interface IngestDeps {
  db: Db
  uploads: UploadService
  images: SourceImageRepo
  folders: FolderRepo
  files: FileRepo
}

/** A folder being watched: its settings and the real path of its root (symlinks resolved). */
export type LiveFolder = FolderRecord & { realRoot: string }

const describeFailure = (error: unknown): string => {
  if (isAppError(error)) return error.message
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EACCES' || code === 'EPERM')
    return 'Darkroom may not read this file (permission denied).'
  if (code === 'EISDIR') return 'This is a folder, not a file.'
  return error instanceof Error ? error.message : String(error)
}

/** Errors that say the file itself is not an image Darkroom takes (4xx), not that the store failed. */
const isBadFile = (error: unknown): boolean => isAppError(error) && error.status < 500

/**
 * Imports one file of a watched folder through the upload service, exactly once:
 * - known by path, size and mtime: nothing is read;
 * - staged (hashed on the way), then the file is looked at again; if it changed meanwhile the
 *   staged bytes are dropped and the caller retries, so torn content is never stored;
 * - content already in the organization: only the file is recorded (copies, renames, moves);
 * - otherwise the image row, the file row, the origin, the count and the journal are written in
 *   one transaction, so a crash leaves either all or none of them.
 */
export const createFileIngester = (deps: IngestDeps) => {
  const { db, uploads, images, folders, files } = deps
  const oneAtATimePerContent = createKeyedLock()

  const recordFile = (
    folder: LiveFolder,
    relPath: string,
    seen: { size: number; mtimeMs: number },
    binaryHash: string | null,
    result:
      { status: 'imported'; count: 'imported' | 'known' } | { status: 'skipped'; reason: string }
  ) => {
    files.putFile({
      folderId: folder.id,
      relPath,
      size: seen.size,
      mtimeMs: seen.mtimeMs,
      binaryHash,
      status: result.status,
      reason: result.status === 'skipped' ? result.reason : null
    })
    if (result.status === 'imported' && binaryHash) {
      files.putOrigin({
        organizationId: folder.organizationId,
        binaryHash,
        path: join(folder.path, relPath),
        folderId: folder.id,
        folderPath: folder.path
      })
    }
    folders.count(folder.id, result.status === 'imported' ? result.count : 'skipped')
    files.journal.finish(folder.id, relPath)
  }

  const recordInTransaction = db.transaction(recordFile)

  const fail = (folder: LiveFolder, relPath: string, error: unknown): IngestOutcome => {
    // Not recorded as a known file: the next change or start tries it again.
    db.transaction(() => {
      folders.count(folder.id, 'failed')
      files.journal.finish(folder.id, relPath)
    })()
    return { kind: 'failed', reason: describeFailure(error) }
  }

  const skip = (
    folder: LiveFolder,
    relPath: string,
    seen: { size: number; mtimeMs: number },
    binaryHash: string | null,
    reason: string
  ): IngestOutcome => {
    recordInTransaction(folder, relPath, seen, binaryHash, { status: 'skipped', reason })
    return { kind: 'skipped', reason }
  }

  const importStaged = async (
    folder: LiveFolder,
    relPath: string,
    seen: { size: number; mtimeMs: number },
    staged: StagedBlob
  ): Promise<IngestOutcome> => {
    const binaryHash = staged.binaryHash
    const existing = images.listByBinaryHash(folder.organizationId, binaryHash)
    if (existing.length > 0) {
      await uploads.discard(staged)
      const plain = computeImageHash(binaryHash, {}, false)
      const image = existing.find((record) => record.hash === plain) ?? existing[0]
      recordInTransaction(folder, relPath, seen, binaryHash, { status: 'imported', count: 'known' })
      return { kind: 'known', hash: image?.hash ?? plain, binaryHash }
    }
    const [record] = await uploads.importAll(
      folder.organizationId,
      [{ staged, name: basename(relPath), userMetadata: folder.userMetadata }],
      null,
      () => recordFile(folder, relPath, seen, binaryHash, { status: 'imported', count: 'imported' })
    )
    return { kind: 'imported', hash: record?.hash ?? '', binaryHash }
  }

  const ingest = async (folder: LiveFolder, relPath: string): Promise<IngestOutcome> => {
    const path = join(folder.path, relPath)
    const seen = await inspectPath(folder.realRoot, path)
    if (seen.kind === 'missing') return seen
    if (seen.kind === 'ignore') return { kind: 'ignored', reason: seen.reason }
    const known = files.getFile(folder.id, relPath)
    if (known && known.size === seen.size && known.mtimeMs === seen.mtimeMs)
      return { kind: 'unchanged' }

    files.journal.start(folder.id, relPath)
    let staged: StagedBlob
    try {
      const stream = await openRegularFile(path)
      if (!stream) {
        files.journal.finish(folder.id, relPath)
        return { kind: 'ignored', reason: 'not a regular file' }
      }
      staged = await uploads.stage(stream)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        files.journal.finish(folder.id, relPath)
        return { kind: 'missing' }
      }
      if (isBadFile(error)) return skip(folder, relPath, seen, null, describeFailure(error))
      return fail(folder, relPath, error)
    }

    const after = await inspectPath(folder.realRoot, path).catch(
      () => ({ kind: 'missing' }) as const
    )
    if (
      after.kind !== 'file' ||
      after.size !== seen.size ||
      after.mtimeMs !== seen.mtimeMs ||
      staged.size !== seen.size
    ) {
      await uploads.discard(staged)
      files.journal.finish(folder.id, relPath)
      return after.kind === 'missing' ? { kind: 'missing' } : { kind: 'changed' }
    }
    files.journal.hashed(folder.id, relPath, staged.binaryHash)

    try {
      // Two files with the same bytes in one burst: the second sees the first's image.
      return await oneAtATimePerContent(`${folder.organizationId}:${staged.binaryHash}`, () =>
        importStaged(folder, relPath, seen, staged)
      )
    } catch (error) {
      await uploads.discard(staged)
      if (isBadFile(error))
        return skip(folder, relPath, seen, staged.binaryHash, describeFailure(error))
      return fail(folder, relPath, error)
    }
  }

  return { ingest }
}

export type FileIngester = ReturnType<typeof createFileIngester>
