import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Db } from './db'
import { nowRfc3339 } from './clock'
import { createHotRenders } from './hot-renders'

/** One stored render. */
/** Renders up to this size are also kept in memory (64 MB in all), so hits skip the disk. */
const HOT_BYTES = 64 * 1024 * 1024
const HOT_ENTRY_BYTES = 1024 * 1024
/** Beyond this many bytes still on their way to the disk, a render waits for its own write. */
const MAX_PENDING_BYTES = 32 * 1024 * 1024

export interface CachedRender {
  key: string
  organizationId: string
  stack: string
  hash: string
  format: string
  mimetype: string
  size: number
  width: number
  height: number
}

interface Row {
  key: string
  organization_id: string
  stack: string
  hash: string
  format: string
  mimetype: string
  size: number
  width: number
  height: number
}

const KEY = /^[0-9a-f]{64}$/
const unique = (keys: string[]) => [...new Set(keys)]

/**
 * The connection the cache records renders through: its own, with synchronous=NORMAL, so that in
 * WAL mode a commit skips the fsync and recording a render does not stall every other request.
 * The index only saves work: a power cut can forget the newest entries, which then render again
 * (into the same file names). In-memory databases (tests) share the one connection.
 */
const openIndexConnection = (db: Db): Db => {
  if (db.memory) return db
  try {
    const own = new Database(db.name)
    own.pragma('synchronous = NORMAL')
    own.pragma('foreign_keys = ON')
    own.pragma('busy_timeout = 5000')
    return own
  } catch {
    // a store that cannot open a second connection still caches, through the shared one
    return db
  }
}

/**
 * Rendered variants on disk under `<root>/ab/<key>`, keyed by a digest of everything that
 * decides their bytes. Written temp → fsync → rename, and checked against the recorded size on
 * every read, so a crash can never leave a truncated entry that gets served.
 */
export const createRenderCache = async (
  db: Db,
  root: string,
  /** Told of each write of a render to the disk, so store health can say when none succeed. */
  monitor: { written?(): void; writeFailed?(error: unknown): void } = {}
) => {
  const tmpDir = join(root, 'tmp')
  await mkdir(tmpDir, { recursive: true })
  for (const name of await readdir(tmpDir)) await rm(join(tmpDir, name), { force: true })

  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a render key: ${key}`)
    return join(root, key.slice(0, 2), key)
  }
  const byKey = db.prepare<[string], Row>('SELECT * FROM render_cache WHERE key = ?')
  const index = openIndexConnection(db)
  const insert = index.prepare(
    `INSERT OR REPLACE INTO render_cache (key, organization_id, stack, hash, format, mimetype, size, width, height, created)
     VALUES (@key, @organization_id, @stack, @hash, @format, @mimetype, @size, @width, @height, @created)`
  )
  const removeKey = db.prepare('DELETE FROM render_cache WHERE key = ?')
  const keysOfStack = db.prepare<[string, string], { key: string }>(
    'SELECT key FROM render_cache WHERE organization_id = ? AND stack = ?'
  )
  const keysOfImage = db.prepare<[string, string], { key: string }>(
    'SELECT key FROM render_cache WHERE organization_id = ? AND hash = ?'
  )

  const fromRow = (row: Row): CachedRender => ({
    key: row.key,
    organizationId: row.organization_id,
    stack: row.stack,
    hash: row.hash,
    format: row.format,
    mimetype: row.mimetype,
    size: row.size,
    width: row.width,
    height: row.height
  })

  const hot = createHotRenders<CachedRender>({ maxBytes: HOT_BYTES, maxEntryBytes: HOT_ENTRY_BYTES })

  const drop = async (keys: string[]) => {
    for (const key of keys) {
      hot.delete(key)
      writing.delete(key)
      removeKey.run(key)
      await rm(pathOf(key), { force: true })
    }
    return keys.length
  }

  /** Renders on their way to the disk: key → the write's token; a purge takes the token away. */
  const writing = new Map<string, { token: object; entry: CachedRender }>()
  const inFlight = new Set<Promise<void>>()
  let pendingBytes = 0
  const reportedFailures = new Set<string>()
  const reportBackgroundFailure = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown'
    if (reportedFailures.has(code)) return
    reportedFailures.add(code)
    console.warn(`Darkroom serves renders without caching them: ${(error as Error).message}`)
  }

  /** Keys of renders still on their way to the disk that match `test` (purges cover them too). */
  const pendingKeys = (test: (entry: CachedRender) => boolean): string[] =>
    [...writing].filter(([, { entry }]) => test(entry)).map(([key]) => key)

  /** Shard folders known to exist (they are never removed while the cache is open). */
  const shards = new Set<string>()

  /** Temp file, fsync, rename, then the row: a crash never leaves a row without its whole file. */
  const write = async (entry: CachedRender, data: Buffer, token: object | null): Promise<void> => {
    const target = pathOf(entry.key)
    const tmp = join(tmpDir, randomUUID())
    const shard = entry.key.slice(0, 2)
    try {
      if (!shards.has(shard)) {
        await mkdir(join(root, shard), { recursive: true })
        shards.add(shard)
      }
      // one call that opens, writes, fsyncs and closes: each file-system call is a trip through
      // the main thread, and every cold render pays for these
      await writeFile(tmp, data, { flag: 'wx', flush: true })
      await rename(tmp, target)
      monitor.written?.()
    } catch (error) {
      monitor.writeFailed?.(error)
      // a full or read-only disk: leave no partial temp file behind
      await rm(tmp, { force: true }).catch(() => undefined)
      // and make sure of the folder again next time, in case it was removed
      shards.delete(shard)
      throw error
    }
    if (token && writing.get(entry.key)?.token !== token) {
      // purged while it was being written: it must not come back
      await rm(target, { force: true })
      return
    }
    insert.run({
      key: entry.key,
      organization_id: entry.organizationId,
      stack: entry.stack,
      hash: entry.hash,
      format: entry.format,
      mimetype: entry.mimetype,
      size: data.length,
      width: entry.width,
      height: entry.height,
      created: nowRfc3339()
    })
    hot.set(entry.key, { ...entry, size: data.length }, data)
  }

  return {
    pathOf,

    /**
     * The entry, if present and intact on disk; with its bytes when it is small enough to be
     * kept in memory (then later hits need no disk access at all).
     */
    get: async (key: string): Promise<(CachedRender & { data?: Buffer }) | undefined> => {
      const held = hot.get(key)
      if (held) return { ...held.value, data: held.data }
      const row = byKey.get(key)
      if (!row) return undefined
      const info = await stat(pathOf(key)).catch(() => null)
      if (!info || info.size !== row.size) {
        await drop([key])
        return undefined
      }
      const entry = fromRow(row)
      if (row.size > HOT_ENTRY_BYTES) return entry
      const data = await readFile(pathOf(key)).catch(() => null)
      if (!data || data.length !== row.size) return entry
      hot.set(key, entry, data)
      return { ...entry, data }
    },

    /**
     * Stores a render. A small one is in memory (and served from there) at once and reaches the
     * disk in the background, so the request that rendered it need not wait for the fsync; a
     * large one, or one arriving while too many bytes are still on their way, is written first.
     */
    put: async (entry: CachedRender, data: Buffer): Promise<void> => {
      if (data.length > HOT_ENTRY_BYTES) return write(entry, data, null)
      const token = {}
      hot.set(entry.key, { ...entry, size: data.length }, data)
      writing.set(entry.key, { token, entry })
      pendingBytes += data.length
      const done = write(entry, data, token)
        .catch((error: unknown) => {
          if (writing.get(entry.key)?.token === token) hot.delete(entry.key)
          reportBackgroundFailure(error)
        })
        .finally(() => {
          pendingBytes -= data.length
          if (writing.get(entry.key)?.token === token) writing.delete(entry.key)
          inFlight.delete(done)
        })
      inFlight.add(done)
      if (pendingBytes > MAX_PENDING_BYTES) await done
    },

    /** Resolves once every background write has reached the disk (or failed). */
    flush: async (): Promise<void> => {
      await Promise.all([...inFlight])
    },

    /** Removes every render of a stack; returns how many. */
    purgeStack: (orgId: string, stack: string) =>
      drop(unique([
        ...keysOfStack.all(orgId, stack).map((r) => r.key),
        ...pendingKeys((entry) => entry.organizationId === orgId && entry.stack === stack)
      ])),

    /** Removes every render of an image; returns how many. */
    purgeImage: (orgId: string, hash: string) =>
      drop(unique([
        ...keysOfImage.all(orgId, hash).map((r) => r.key),
        ...pendingKeys((entry) => entry.organizationId === orgId && entry.hash === hash)
      ])),

    /** Lets background writes finish, then closes the cache's own database connection. */
    close: async (): Promise<void> => {
      await Promise.all([...inFlight])
      if (index !== db) index.close()
    }
  }
}

export type RenderCache = Awaited<ReturnType<typeof createRenderCache>>
