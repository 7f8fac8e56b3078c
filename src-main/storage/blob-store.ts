import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream, type BigIntStats, type ReadStream } from 'node:fs'
import { link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import { AppError, insufficientStorage, payloadTooLarge, storeUnavailable } from '../errors'
import { sha1OfFile } from './hash-file'
import { createVerifiedObjects } from './verified-objects'

/** What re-hashing an object found: its bytes match its name, it is gone, or it is damaged. */
export type ObjectState = 'intact' | 'missing' | 'damaged'

/** A body streamed to a temporary file, hashed on the way; not yet visible in the store. */
export interface StagedBlob {
  tmpPath: string
  binaryHash: string
  size: number
  /** The first bytes of the body, for format sniffing. */
  head: Buffer
}

export interface BlobStore {
  readonly root: string
  stage(body: Readable, maxBytes: number): Promise<StagedBlob>
  commit(staged: StagedBlob): Promise<void>
  discard(staged: StagedBlob): Promise<void>
  has(binaryHash: string): Promise<boolean>
  pathOf(binaryHash: string): string
  openRead(binaryHash: string): ReadStream
  sizeOf(binaryHash: string): Promise<number | null>
  /** Re-hashes an object: the read-side check that keeps damaged originals from being served. */
  check(binaryHash: string): Promise<ObjectState>
  /**
   * The check before a render reads an original: re-hashes it unless its file is unchanged
   * since an upload wrote it or it last re-hashed to its name (renders of one original need not
   * hash it each time).
   */
  checkForRead(binaryHash: string): Promise<ObjectState>
  remove(binaryHash: string): Promise<void>
  listObjects(): AsyncGenerator<string>
  cleanTemp(): Promise<number>
}

/** Hears what the store's own operations learn about it (health reporting; all optional). */
export interface BlobStoreMonitor {
  /** Writing an original failed; `error` is the file system's, before it became the store's. */
  writeFailed?(error: unknown): void
  /** An original was committed: its object is in place and intact. */
  committed?(binaryHash: string): void
  /** An original was re-hashed (before a download or render, or by the scrub). */
  checked?(binaryHash: string, state: ObjectState): void
}

// Enough for format sniffing, SVG prologs with comments and a DOCTYPE included.
const HEAD_BYTES = 8192
const SHA1 = /^[0-9a-f]{40}$/

/** Turns the file-system errors a full, read-only or broken disk gives into the store's errors. */
export const toStoreError = (error: unknown): unknown => {
  if (error instanceof AppError) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') return insufficientStorage(error)
  if (code === 'EROFS') return storeUnavailable('the data folder is read-only', error)
  if (code === 'EACCES' || code === 'EPERM') return storeUnavailable('permission denied', error)
  if (code === 'EIO') return storeUnavailable('the disk reported an I/O error', error)
  if (code === 'EMFILE' || code === 'ENFILE') return storeUnavailable('too many open files', error)
  return error
}

const fsyncPath = async (path: string): Promise<void> => {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Content-addressed store of originals under `<root>/objects/ab/<sha1>`, written by the
 * protocol of the test plan: stream to `tmp/` while hashing, fsync, link into place only if
 * absent (never overwrite), fsync the folder. A name always equals its content's SHA-1.
 */
export const createBlobStore = async (
  root: string,
  monitor: BlobStoreMonitor = {}
): Promise<BlobStore> => {
  const objectsDir = join(root, 'objects')
  const tmpDir = join(root, 'tmp')
  await mkdir(objectsDir, { recursive: true })
  await mkdir(tmpDir, { recursive: true })

  const pathOf = (binaryHash: string): string => {
    if (!SHA1.test(binaryHash)) throw new Error(`not a binary hash: ${binaryHash}`)
    return join(objectsDir, binaryHash.slice(0, 2), binaryHash)
  }

  const verified = createVerifiedObjects()

  const hashState = async (binaryHash: string, before: BigIntStats): Promise<ObjectState> => {
    try {
      if ((await sha1OfFile(pathOf(binaryHash))) !== binaryHash) return 'damaged'
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
      throw error
    }
    // the identity taken before hashing: a change made while hashing makes it stale, not trusted
    verified.remember(binaryHash, before)
    return 'intact'
  }

  const stage = async (body: Readable, maxBytes: number): Promise<StagedBlob> => {
    const tmpPath = join(tmpDir, randomUUID())
    const hash = createHash('sha1')
    const headChunks: Buffer[] = []
    let headLength = 0
    let size = 0
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        if (size > maxBytes) return done(payloadTooLarge(maxBytes))
        hash.update(chunk)
        if (headLength < HEAD_BYTES) {
          headChunks.push(chunk.subarray(0, HEAD_BYTES - headLength))
          headLength += Math.min(chunk.length, HEAD_BYTES - headLength)
        }
        done(null, chunk)
      }
    })
    try {
      const out = createWriteStream(tmpPath, { flags: 'wx' })
      await pipeline(body, meter, out)
      await fsyncPath(tmpPath)
    } catch (error) {
      await rm(tmpPath, { force: true })
      monitor.writeFailed?.(error)
      throw toStoreError(error)
    }
    return { tmpPath, binaryHash: hash.digest('hex'), size, head: Buffer.concat(headChunks) }
  }

  const commit = async (staged: StagedBlob): Promise<void> => {
    const target = pathOf(staged.binaryHash)
    const folder = join(objectsDir, staged.binaryHash.slice(0, 2))
    try {
      await mkdir(folder, { recursive: true })
      try {
        await link(staged.tmpPath, target)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        // Same name should mean same content; an object that does not re-hash to its name is
        // damaged and is replaced, atomically, by the verified bytes of this upload.
        if (!(await holdsIntact(staged))) {
          verified.forget(staged.binaryHash)
          await rename(staged.tmpPath, target)
        }
      }
      await fsyncPath(folder)
    } catch (error) {
      monitor.writeFailed?.(error)
      throw toStoreError(error)
    } finally {
      await rm(staged.tmpPath, { force: true })
    }
    // its bytes are the ones just hashed: renders of a new upload need not hash it again
    // (taken after the temp name is gone, since dropping a link moves the change time)
    await stat(target, { bigint: true }).then(
      (stats) => verified.remember(staged.binaryHash, stats),
      () => undefined
    )
    monitor.committed?.(staged.binaryHash)
  }

  /** Whether the object already under `staged`'s name holds its bytes (trusted while unchanged). */
  const holdsIntact = async (staged: StagedBlob): Promise<boolean> => {
    const existing = await stat(pathOf(staged.binaryHash), { bigint: true })
    if (existing.size !== BigInt(staged.size)) return false
    if (verified.unchangedSince(staged.binaryHash, existing)) return true
    return (await hashState(staged.binaryHash, existing)) === 'intact'
  }

  const sizeOf = async (binaryHash: string): Promise<number | null> => {
    try {
      return (await stat(pathOf(binaryHash))).size
    } catch {
      return null
    }
  }

  const checkObject = async (binaryHash: string, trustUnchanged: boolean): Promise<ObjectState> => {
    let state: ObjectState
    try {
      const before = await stat(pathOf(binaryHash), { bigint: true })
      const trusted = trustUnchanged && verified.unchangedSince(binaryHash, before)
      state = trusted ? 'intact' : await hashState(binaryHash, before)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toStoreError(error)
      state = 'missing'
    }
    if (state !== 'intact') verified.forget(binaryHash)
    monitor.checked?.(binaryHash, state)
    return state
  }

  async function* listObjects(): AsyncGenerator<string> {
    for (const prefix of await readdir(objectsDir)) {
      for (const name of await readdir(join(objectsDir, prefix))) {
        if (SHA1.test(name) && name.startsWith(prefix)) yield name
      }
    }
  }

  return {
    root,
    stage,
    commit,
    discard: async (staged) => {
      await rm(staged.tmpPath, { force: true })
    },
    has: async (binaryHash) => (await sizeOf(binaryHash)) !== null,
    check: (binaryHash) => checkObject(binaryHash, false),
    checkForRead: (binaryHash) => checkObject(binaryHash, true),
    pathOf,
    openRead: (binaryHash) => createReadStream(pathOf(binaryHash)),
    sizeOf,
    remove: async (binaryHash) => {
      await rm(pathOf(binaryHash), { force: true })
    },
    listObjects,
    cleanTemp: async () => {
      // Called at start-up only: no write is in flight, so every temp file is a leftover.
      const names = await readdir(tmpDir)
      await Promise.all(names.map((name) => rm(join(tmpDir, name), { force: true })))
      return names.length
    }
  }
}
