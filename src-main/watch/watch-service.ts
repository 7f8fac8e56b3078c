import type { FSWatcher } from 'chokidar'
import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import type {
  WatchActivity,
  WatchActivityKind,
  WatchedFolder,
  WatchedFolderState,
  WatchStreamEvent
} from '../../src-shared/api/watched-folders'
import type { Db } from '../storage/db'
import type { SourceImageRepo } from '../storage/source-image-repo'
import type { UploadService } from '../library/upload-service'
import type { SourceImageService } from '../library/source-image-service'
import { badRequest, conflict, notFound } from '../errors'
import { createActivityLog } from './activity-log'
import { createFileRepo } from './file-repo'
import { createFolderRepo, type FolderRecord, type FolderSettings } from './folder-repo'
import { startFolderWatcher } from './folder-watcher'
import { createPathFilter } from './path-filter'
import { sweepFolder } from './sweep-folder'
import { createFileIngester, type IngestOutcome, type LiveFolder } from './ingest-file'
import { inspectPath, isInside } from './inspect-path'
import { createSettler } from './settle'
import { createWorkQueue } from './work-queue'

export interface WatchTiming {
  /** Size and mtime unchanged this long = the file is written (default 2 s). */
  stableMs: number
  /** How often settling files are looked at (default 500 ms). */
  pollMs: number
  /** How often each folder's existence is checked (default 5 s). */
  healthMs: number
  /** How long a deletion waits for a rename's other half before it counts (default 2 s). */
  removalGraceMs: number
  /** Quiet time after imports before the folder is swept for files whose events were lost (1.5 s). */
  sweepAfterMs: number
  /** How often a watched folder is swept anyway (default 60 s). */
  sweepEveryMs: number
}

export interface WatchServiceDeps {
  db: Db
  uploads: UploadService
  images: SourceImageRepo
  sourceImages: SourceImageService
  organizationName(id: string): string | undefined
  dataDir: string
  timing?: Partial<WatchTiming>
  /** Files imported at once across all folders (default 2: the machine stays usable). */
  concurrency?: number
}

const ACTIVITY_LIMIT = 50
const READY_WAIT_MS = 5000
const SEPARATOR = '\u0000'

interface Runtime {
  record: FolderRecord
  realRoot: string | null
  state: WatchedFolderState
  error: string | null
  watcher: FSWatcher | null
  removals: Set<string>
  removalTimer: NodeJS.Timeout | null
  sweepTimer: NodeJS.Timeout | null
  sweeping: boolean
  lastSweep: number
  /** Files last seen ignored or failed (size:mtime), so sweeps do not retry them unchanged. */
  passed: Map<string, string>
}

const keyOf = (folderId: string, relPath: string) => `${folderId}${SEPARATOR}${relPath}`
const prefixOf = (folderId: string) => `${folderId}${SEPARATOR}`

const folderProblem = async (path: string): Promise<string | null> => {
  try {
    if (!(await stat(path)).isDirectory()) return `"${path}" is not a folder.`
    return null
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return `The folder "${path}" does not exist.`
    if (code === 'EACCES' || code === 'EPERM') return `Darkroom may not read the folder "${path}".`
    return `The folder "${path}" cannot be read: ${(error as Error).message}`
  }
}

/**
 * Watched folders: one chokidar watcher per folder, a settle stage that waits out files still
 * being written, and a small shared queue that imports each settled file through the upload
 * service. Folders, known files, origins and the ingest journal live in SQLite; state and recent
 * activity in memory, pushed to subscribers as they change.
 */
export const createWatchService = (deps: WatchServiceDeps) => {
  const timing: WatchTiming = {
    stableMs: 2000,
    pollMs: 500,
    healthMs: 5000,
    removalGraceMs: 2000,
    sweepAfterMs: 1500,
    sweepEveryMs: 60_000,
    ...deps.timing
  }
  const folders = createFolderRepo(deps.db)
  const files = createFileRepo(deps.db)
  const ingester = createFileIngester({
    db: deps.db,
    uploads: deps.uploads,
    images: deps.images,
    folders,
    files
  })
  const activity = createActivityLog(ACTIVITY_LIMIT)
  const runtimes = new Map<string, Runtime>()
  const listeners = new Set<(event: WatchStreamEvent) => void>()
  let realDataDir = resolve(deps.dataDir)
  let started = false
  let closed = false
  let healthTimer: NodeJS.Timeout | null = null

  const present = (rt: Runtime, withActivity = true): WatchedFolder => {
    const { record } = rt
    return {
      id: record.id,
      path: record.path,
      organization: deps.organizationName(record.organizationId) ?? record.organizationId,
      recursive: record.recursive,
      include: record.include,
      exclude: record.exclude,
      user_metadata: record.userMetadata,
      trash_on_delete: record.trashOnDelete,
      transient: record.transient,
      state: rt.state,
      error: rt.error,
      counts: { ...record.counts },
      pending: settler.count(prefixOf(record.id)) + queue.count(prefixOf(record.id)),
      created: record.created,
      activity: withActivity ? activity.list(record.id) : []
    }
  }

  const emit = (rt: Runtime, event?: WatchActivity) => {
    if (listeners.size === 0) return
    const payload: WatchStreamEvent = { folder: present(rt, false), activity: event }
    for (const listener of listeners) listener(payload)
  }

  const log = (
    rt: Runtime,
    kind: WatchActivityKind,
    path: string,
    message: string,
    hash?: string
  ) => emit(rt, activity.add(rt.record.id, kind, path, message, hash))

  const setState = (rt: Runtime, state: WatchedFolderState, error: string | null = null) => {
    if (rt.state === state && rt.error === error) return
    rt.state = state
    rt.error = error
    const message =
      state === 'error'
        ? (error ?? 'error')
        : state === 'watching'
          ? 'Watching for new files.'
          : `Folder ${state}.`
    log(rt, 'state', '', message)
  }

  const refresh = (rt: Runtime) => {
    const record = folders.get(rt.record.id)
    if (record) rt.record = record
  }

  const stopWatcher = async (rt: Runtime) => {
    const watcher = rt.watcher
    rt.watcher = null
    if (rt.sweepTimer) clearTimeout(rt.sweepTimer)
    rt.sweepTimer = null
    settler.forgetPrefix(prefixOf(rt.record.id))
    queue.drop(prefixOf(rt.record.id))
    if (watcher) await watcher.close()
  }

  const startWatching = async (rt: Runtime): Promise<void> => {
    if (closed || rt.record.paused || rt.watcher) return
    const problem = await folderProblem(rt.record.path)
    if (problem) return setState(rt, 'error', problem)
    const realRoot = await realpath(rt.record.path)
    // Inside the library's own folder Darkroom would import its own files; a parent folder is
    // fine, the watcher skips the data folder.
    if (isInside(realDataDir, realRoot)) {
      return setState(rt, 'error', "This folder is inside Darkroom's own data folder.")
    }
    rt.realRoot = realRoot
    rt.passed.clear()
    setState(rt, 'starting')
    const folderId = rt.record.id
    let markReady: () => void = () => {}
    const ready = new Promise<void>((resolve) => (markReady = resolve))
    // Paths the first scan finds; known files it does not find were deleted while not watched.
    let scanned: Set<string> | null = new Set()
    rt.watcher = startFolderWatcher(
      { ...rt.record, realRoot },
      { dataDir: realDataDir },
      {
        onFile: (relPath, stats) => {
          scanned?.add(relPath)
          const known = files.getFile(folderId, relPath)
          // Known by path, size and mtime (the reconcile scan at start): nothing to read.
          if (known && stats && known.size === stats.size && known.mtimeMs === stats.mtimeMs) return
          settler.touch(keyOf(folderId, relPath), join(rt.record.path, relPath))
          emit(rt)
        },
        onRemoved: (relPath) => {
          rt.removals.add(relPath)
          scheduleRemovals(rt)
        },
        onIgnored: (relPath, reason) => log(rt, 'ignored', relPath, `Ignored: ${reason}.`),
        onReady: () => {
          if (rt.state === 'starting') setState(rt, 'watching')
          const found = scanned
          scanned = null
          if (found) {
            for (const relPath of files.knownPaths(folderId))
              if (!found.has(relPath)) rt.removals.add(relPath)
            if (rt.removals.size > 0) scheduleRemovals(rt)
          }
          markReady()
        },
        onError: (error) => log(rt, 'failed', '', `The watcher reported: ${error.message}`)
      }
    )
    // Answer with the real state once the first scan is done; a huge folder keeps scanning.
    let timer: NodeJS.Timeout | undefined
    await Promise.race([
      ready,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_WAIT_MS)))
    ])
    clearTimeout(timer)
  }

  const describe = (outcome: IngestOutcome): [WatchActivityKind, string] | null => {
    switch (outcome.kind) {
      case 'imported':
        return ['imported', 'Imported as a new source image.']
      case 'known':
        return ['known', 'Same content as an image already in the library; nothing uploaded.']
      case 'skipped':
        return ['skipped', `Skipped: ${outcome.reason}`]
      case 'failed':
        return ['failed', `Failed: ${outcome.reason}`]
      case 'ignored':
        return ['ignored', `Ignored: ${outcome.reason}.`]
      default:
        return null
    }
  }

  const runIngest = async (key: string): Promise<void> => {
    const [folderId = '', relPath = ''] = key.split(SEPARATOR)
    const rt = runtimes.get(folderId)
    if (!rt || !rt.watcher || !rt.realRoot || rt.record.paused) return
    const live: LiveFolder = { ...rt.record, realRoot: rt.realRoot }
    let outcome: IngestOutcome
    try {
      outcome = await ingester.ingest(live, relPath)
    } catch (error) {
      // Not a verdict on the file (e.g. its folder became unreadable): counted, tried again later.
      deps.db.transaction(() => {
        folders.count(folderId, 'failed')
        files.journal.finish(folderId, relPath)
      })()
      outcome = { kind: 'failed', reason: error instanceof Error ? error.message : String(error) }
    }
    if (outcome.kind === 'changed') {
      settler.touch(key, join(rt.record.path, relPath))
      return
    }
    refresh(rt)
    if (outcome.kind === 'ignored' || outcome.kind === 'failed') {
      const seen = await stat(join(rt.record.path, relPath)).catch(() => null)
      if (seen) rt.passed.set(relPath, `${seen.size}:${seen.mtimeMs}`)
    } else rt.passed.delete(relPath)
    if (outcome.kind === 'imported' || outcome.kind === 'known' || outcome.kind === 'skipped') {
      scheduleSweep(rt)
    }
    const line = describe(outcome)
    if (line) {
      const hash = 'hash' in outcome ? outcome.hash : undefined
      log(rt, line[0], relPath, line[1], hash)
    } else emit(rt)
    if (rt.removals.size > 0) scheduleRemovals(rt)
  }

  /** Looks at every file of the folder once, queueing those no event announced. */
  const sweep = async (rt: Runtime) => {
    if (rt.sweeping || !rt.watcher || !rt.realRoot) return
    rt.sweeping = true
    rt.lastSweep = Date.now()
    const folderId = rt.record.id
    const filter = createPathFilter(rt.record, realDataDir)
    let found = 0
    try {
      await sweepFolder(
        rt.record.path,
        { recursive: rt.record.recursive, filter, isStopped: () => closed || !rt.watcher },
        (relPath, stats) => {
          const key = keyOf(folderId, relPath)
          if (settler.has(key) || queue.isBusy(key)) return
          if (stats && rt.passed.get(relPath) === `${stats.size}:${stats.mtimeMs}`) return
          const known = files.getFile(folderId, relPath)
          if (known && stats && known.size === stats.size && known.mtimeMs === stats.mtimeMs) return
          settler.touch(key, join(rt.record.path, relPath))
          found++
        }
      )
    } finally {
      rt.sweeping = false
    }
    if (found > 0)
      log(rt, 'state', '', `A sweep found ${found} file(s) the watcher had not reported.`)
  }

  /** A sweep once the folder has been quiet for a moment (after a burst of imports). */
  const scheduleSweep = (rt: Runtime, delay = timing.sweepAfterMs) => {
    if (rt.sweepTimer) clearTimeout(rt.sweepTimer)
    rt.sweepTimer = setTimeout(() => {
      rt.sweepTimer = null
      const prefix = prefixOf(rt.record.id)
      if (settler.count(prefix) + queue.count(prefix) > 0) return scheduleSweep(rt)
      void sweep(rt)
    }, delay)
    rt.sweepTimer.unref()
  }

  const settler = createSettler({
    stableMs: timing.stableMs,
    pollMs: timing.pollMs,
    onSettled: (key) => queue.push(key)
  })
  const queue = createWorkQueue({
    concurrency: deps.concurrency ?? 2,
    run: runIngest,
    // The activity event went out while the file still counted as pending; say it is done.
    onDone: (key) => {
      const rt = runtimes.get(key.split(SEPARATOR)[0] ?? '')
      if (rt) emit(rt)
    }
  })

  const applyRemoval = (rt: Runtime, relPath: string) => {
    const known = files.getFile(rt.record.id, relPath)
    if (!known) return
    const path = join(rt.record.path, relPath)
    const orgId = rt.record.organizationId
    deps.db.transaction(() => {
      files.deleteFile(rt.record.id, relPath)
      files.originGone(orgId, path)
    })()
    const hash = known.binaryHash
    if (
      rt.record.trashOnDelete &&
      hash &&
      known.status === 'imported' &&
      !files.hasPresentOrigin(orgId, hash)
    ) {
      try {
        deps.sourceImages.deleteByBinaryHash(orgId, hash)
        log(rt, 'trashed', relPath, 'The file was deleted; its image was moved to the trash.')
      } catch (error) {
        log(
          rt,
          'removed',
          relPath,
          `The file was deleted; its image stays: ${(error as Error).message}`
        )
      }
      return
    }
    log(rt, 'removed', relPath, 'The file was deleted; its image stays in the library.')
  }

  /** Deletions wait until the folder's imports are done: a move's new half is then recorded. */
  const scheduleRemovals = (rt: Runtime) => {
    if (rt.removalTimer) clearTimeout(rt.removalTimer)
    rt.removalTimer = setTimeout(() => {
      rt.removalTimer = null
      const prefix = prefixOf(rt.record.id)
      if (settler.count(prefix) + queue.count(prefix) > 0) return scheduleRemovals(rt)
      void (async () => {
        for (const relPath of [...rt.removals]) {
          rt.removals.delete(relPath)
          if (!runtimes.has(rt.record.id) || !rt.realRoot) return
          const now = await inspectPath(rt.realRoot, join(rt.record.path, relPath)).catch(
            () => null
          )
          if (now?.kind === 'file') continue
          applyRemoval(rt, relPath)
        }
      })()
    }, timing.removalGraceMs)
    rt.removalTimer.unref()
  }

  const checkHealth = async () => {
    for (const rt of runtimes.values()) {
      if (rt.record.paused || closed) continue
      const problem = await folderProblem(rt.record.path)
      if (problem && rt.state !== 'error') {
        await stopWatcher(rt)
        setState(rt, 'error', problem)
      } else if (!problem && rt.state === 'error') {
        await startWatching(rt)
      } else if (!problem && rt.watcher && Date.now() - rt.lastSweep >= timing.sweepEveryMs) {
        scheduleSweep(rt, 0)
      }
    }
  }

  const runtimeFor = (record: FolderRecord): Runtime => {
    const rt: Runtime = {
      record,
      realRoot: null,
      state: record.paused ? 'paused' : 'starting',
      error: null,
      watcher: null,
      removals: new Set(),
      removalTimer: null,
      sweepTimer: null,
      sweeping: false,
      lastSweep: Date.now(),
      passed: new Map()
    }
    runtimes.set(record.id, rt)
    return rt
  }

  const mustGet = (id: string): Runtime => {
    const rt = runtimes.get(id)
    if (!rt) throw notFound(`There is no watched folder "${id}".`)
    return rt
  }

  const validatePath = async (path: string): Promise<string> => {
    if (!isAbsolute(path)) throw badRequest(`The folder path must be absolute, not "${path}".`)
    const absolute = resolve(path)
    const problem = await folderProblem(absolute)
    if (problem) throw badRequest(problem)
    const real = await realpath(absolute)
    if (isInside(realDataDir, real)) {
      throw badRequest(`"${absolute}" is inside Darkroom's own data folder and cannot be watched.`)
    }
    return absolute
  }

  const service = {
    /** Starts every folder that is not paused; files from the journal are looked at first. */
    async start(): Promise<void> {
      if (started) return
      started = true
      realDataDir = await realpath(deps.dataDir).catch(() => resolve(deps.dataDir))
      for (const record of folders.list()) if (!runtimes.has(record.id)) runtimeFor(record)
      for (const entry of files.journal.all()) {
        const rt = runtimes.get(entry.folderId)
        if (rt && !rt.record.paused) {
          settler.touch(keyOf(entry.folderId, entry.relPath), join(rt.record.path, entry.relPath))
        }
      }
      await Promise.all([...runtimes.values()].map((rt) => startWatching(rt)))
      healthTimer = setInterval(() => void checkHealth(), timing.healthMs)
      healthTimer.unref()
    },

    list: (organizationIds?: Set<string>): WatchedFolder[] =>
      [...runtimes.values()]
        .filter((rt) => !organizationIds || organizationIds.has(rt.record.organizationId))
        .map((rt) => present(rt)),

    get: (id: string): WatchedFolder => present(mustGet(id)),

    /** The stored record (organization id for access checks). */
    record: (id: string): FolderRecord => mustGet(id).record,

    async add(
      input: { path: string; organizationId: string; transient?: boolean } & FolderSettings
    ): Promise<WatchedFolder> {
      const path = await validatePath(input.path)
      if (folders.findByPath(path, input.organizationId)) {
        throw conflict(`The folder "${path}" is already watched for this organization.`)
      }
      const record = folders.create({ ...input, path, transient: input.transient ?? false })
      const rt = runtimeFor(record)
      if (started) await startWatching(rt)
      log(rt, 'state', '', `Folder added.`)
      return present(rt)
    },

    /** `--watch`: the folder for this run, reusing a stored one with the same path and organization. */
    async ensureForRun(
      path: string,
      organizationId: string,
      settings: FolderSettings
    ): Promise<WatchedFolder> {
      const absolute = await validatePath(resolve(path))
      const existing = folders.findByPath(absolute, organizationId)
      if (existing) {
        if (!runtimes.has(existing.id)) runtimeFor(existing)
        return present(mustGet(existing.id))
      }
      return service.add({ path: absolute, organizationId, transient: true, ...settings })
    },

    /** Drops folders an earlier `--watch` added that this run did not name again. */
    async dropTransientExcept(keep: Set<string>): Promise<void> {
      for (const record of folders.list()) {
        if (record.transient && !keep.has(record.id)) await service.remove(record.id)
      }
    },

    async update(id: string, settings: FolderSettings): Promise<WatchedFolder> {
      const rt = mustGet(id)
      folders.updateSettings(id, settings)
      refresh(rt)
      if (rt.watcher) {
        await stopWatcher(rt)
        await startWatching(rt)
      }
      log(rt, 'state', '', 'Settings changed.')
      return present(rt)
    },

    async pause(id: string): Promise<WatchedFolder> {
      const rt = mustGet(id)
      folders.setPaused(id, true)
      refresh(rt)
      await stopWatcher(rt)
      setState(rt, 'paused')
      return present(rt)
    },

    async resume(id: string): Promise<WatchedFolder> {
      const rt = mustGet(id)
      folders.setPaused(id, false)
      refresh(rt)
      rt.state = 'starting'
      if (started) await startWatching(rt)
      return present(rt)
    },

    async remove(id: string): Promise<void> {
      // Before start() only the stored row exists (dropping an earlier run's --watch folders).
      const rt = runtimes.get(id)
      if (!rt && !folders.get(id)) throw notFound(`There is no watched folder "${id}".`)
      if (rt) {
        await stopWatcher(rt)
        if (rt.removalTimer) clearTimeout(rt.removalTimer)
        runtimes.delete(id)
      }
      deps.db.transaction(() => {
        files.detachFolder(id)
        folders.remove(id)
      })()
      activity.forget(id)
      for (const listener of listeners) listener({ folder: null, removed: id })
    },

    activity: (id: string, limit?: number): WatchActivity[] => {
      mustGet(id)
      return activity.list(id, limit)
    },

    /** Files of the folder that were skipped, with the reason (newest first). */
    skipped: (id: string, limit = 50) =>
      files.skippedFiles(mustGet(id).record.id, limit).map((file) => ({
        path: file.relPath,
        reason: file.reason ?? ''
      })),

    origins: (organizationId: string, binaryHash: string) =>
      files.origins(organizationId, binaryHash),

    subscribe(listener: (event: WatchStreamEvent) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    /** Rows left in the ingest journal (0 once every started import has finished). */
    journalSize: (): number => files.journal.size(),

    async close(): Promise<void> {
      closed = true
      if (healthTimer) clearInterval(healthTimer)
      settler.close()
      for (const rt of runtimes.values()) if (rt.removalTimer) clearTimeout(rt.removalTimer)
      await Promise.all([...runtimes.values()].map((rt) => stopWatcher(rt)))
      await queue.close()
      listeners.clear()
    }
  }
  return service
}

export type WatchService = ReturnType<typeof createWatchService>
