import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { openDb, type Db } from './storage/db'
import { createBlobStore, type BlobStore } from './storage/blob-store'
import { createSourceImageRepo, type SourceImageRepo } from './storage/source-image-repo'
import { createIdentityService, type IdentityService } from './identity/identity-service'
import { createStackRepo, type StackRepo } from './stacks/stack-repo'
import { createStackService, type StackService } from './stacks/stack-service'
import { createUploadService, type UploadService } from './library/upload-service'
import { createSourceImageService, type SourceImageService } from './library/source-image-service'
import { collectGarbage, DEFAULT_ORPHAN_GRACE_MS } from './library/garbage-collector'
import { createObjectScrub, DEFAULT_SCRUB_RATE, type ScrubRate } from './library/object-scrub'
import { createStoreHealth, type StoreHealthService } from './library/store-health'
import { createDamageRegister } from './storage/damage-register'
import { createScrubRepo } from './storage/scrub-repo'
import { createStoreWritability, type WritabilityMessages } from './storage/store-writability'
import { createAliasRepo, type AliasRepo } from './library/alias-repo'
import { operationByName } from './engine/operations'
import { createRenderCache, type RenderCache } from './storage/render-cache'
import { createRenderQueue, type RenderQueue } from './render/render-queue'
import { createRenderService, type RenderService } from './render/render-service'
import { createRemoteSources, type RemoteSources } from './render/remote-source'
import { availableParallelism } from 'node:os'
import { createStudioAccess, type StudioAccess } from './studio/studio-access'
import type { RemoteFetchOptions } from './net/remote-fetch'
import { restrictImageLoaders } from './engine/loader-policy'
import { createWatchService, type WatchService } from './watch/watch-service'
import type { DecoderProcessLauncher } from './engine/decoders/decoder-process-launcher'
import { forkDecoderProcess } from './engine/decoders/fork-decoder-process'
import { useDecoderProcessLauncher } from './engine/decoders/decoder-host'

export interface ServiceOptions {
  /** Folder holding the database and the blob store. */
  dataDir: string
  /** Database file; `':memory:'` in tests. Default `<dataDir>/darkroom.sqlite`. */
  dbFile?: string
  /** Upload limit in bytes (rokka: 150 MB). */
  maxUploadBytes?: number
  /** Pixel limit for sources that are neither JPEG nor WebP (rokka: 225 megapixels). */
  maxSourcePixels?: number
  /** Renders running at once (default: the number of cores). */
  renderConcurrency?: number
  /** Renders allowed to wait before new ones get 429 (default 64). */
  renderQueueLength?: number
  /** Time limit of one render in milliseconds (default 30 s). */
  renderTimeoutMs?: number
  /** Resolver, exact private endpoints and time limits for imports by URL (tests: a fake DNS, fixture servers). */
  remoteFetch?: Pick<
    RemoteFetchOptions,
    'lookup' | 'allowedEndpoints' | 'connectTimeoutMs' | 'headersTimeoutMs' | 'totalTimeoutMs'
  >
  /** Age an object without rows must reach before the garbage collector removes it (default 10 min). */
  orphanGraceMs?: number
  /** Pace of the background scrub that re-hashes stored originals (default 10% a day). */
  scrubRate?: ScrubRate
  /**
   * How the process decoding HEIC, JPEG XL, PSD and PDF is started (default Node's fork; the
   * desktop app passes Electron's utility process). Process-wide, like the decoder it starts.
   */
  decoderLauncher?: DecoderProcessLauncher
}

export interface Services {
  options: Required<Omit<ServiceOptions, 'dbFile'>> & { dbFile: string }
  db: Db
  blobs: BlobStore
  identity: IdentityService
  images: SourceImageRepo
  sourceImages: SourceImageService
  uploads: UploadService
  stacks: StackRepo
  stackService: StackService
  aliases: AliasRepo
  renderCache: RenderCache
  renderQueue: RenderQueue
  renders: RenderService
  remoteSources: RemoteSources
  /** One-time studio links and the sessions they open (web mode and the desktop window). */
  studio: StudioAccess
  /** Facts known once the HTTP server listens (its port, which remote fetches must refuse). */
  runtime: { ports: number[] }
  /** How many renders actually ran libvips (tests, benchmarks). */
  renderCount(): number
  /** Watched folders (started by the host once the local organization exists). */
  watch: WatchService
  /** Whether the store takes writes and what the scrub found damaged. */
  health: StoreHealthService
  close(): Promise<void>
}

const RENDER_CACHE_MESSAGES: WritabilityMessages = {
  ok: 'Renders are kept, so a repeated request is answered from the cache.',
  failing: (why) =>
    `Renders cannot be kept: ${why}. Images still render, but every request renders again, which is slower.`
}

export const DEFAULT_MAX_UPLOAD_BYTES = 150 * 1000 * 1000
export const DEFAULT_MAX_SOURCE_PIXELS = 225_000_000

/** The composition root: wires storage, identity and the library from plain options. */
export const createServices = async (input: ServiceOptions): Promise<Services> => {
  const options = {
    dataDir: input.dataDir,
    dbFile: input.dbFile ?? join(input.dataDir, 'darkroom.sqlite'),
    maxUploadBytes: input.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    maxSourcePixels: input.maxSourcePixels ?? DEFAULT_MAX_SOURCE_PIXELS,
    renderConcurrency: input.renderConcurrency ?? Math.max(1, availableParallelism()),
    renderQueueLength: input.renderQueueLength ?? 64,
    renderTimeoutMs: input.renderTimeoutMs ?? 30_000,
    remoteFetch: input.remoteFetch ?? {},
    orphanGraceMs: input.orphanGraceMs ?? DEFAULT_ORPHAN_GRACE_MS,
    scrubRate: input.scrubRate ?? DEFAULT_SCRUB_RATE,
    decoderLauncher: input.decoderLauncher ?? forkDecoderProcess
  }
  restrictImageLoaders()
  useDecoderProcessLauncher(options.decoderLauncher)
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
  const db = openDb(options.dbFile)
  const blobsRoot = join(options.dataDir, 'blobs')
  const writability = createStoreWritability({ probeDir: join(blobsRoot, 'tmp') })
  const damage = createDamageRegister(db)
  const blobs = await createBlobStore(blobsRoot, {
    writeFailed: writability.noteFailure,
    committed: (binaryHash) => {
      writability.noteSuccess()
      damage.note(binaryHash, 'intact')
    },
    checked: damage.note
  })
  await blobs.cleanTemp()
  const images = createSourceImageRepo(db)
  const stacks = createStackRepo(db)
  const rendersRoot = join(options.dataDir, 'renders')
  const renderCacheWritability = createStoreWritability({
    probeDir: join(rendersRoot, 'tmp'),
    messages: RENDER_CACHE_MESSAGES
  })
  const renderCache = await createRenderCache(db, rendersRoot, {
    written: renderCacheWritability.noteSuccess,
    writeFailed: renderCacheWritability.noteFailure
  })
  const renderQueue = createRenderQueue({
    concurrency: options.renderConcurrency,
    maxWaiting: options.renderQueueLength
  })
  let rendersRun = 0
  const runtime = { ports: [] as number[] }
  const uploads = createUploadService({
    db,
    blobs,
    images,
    limits: { maxBytes: options.maxUploadBytes, maxPixels: options.maxSourcePixels }
  })
  const identity = createIdentityService(db)
  const scrub = createObjectScrub({
    repo: createScrubRepo(db),
    check: (blobHash) => blobs.check(blobHash),
    onPassComplete: damage.forgetUnused,
    rate: options.scrubRate
  })
  const sourceImages = createSourceImageService({ db, images })
  const watch = createWatchService({
    db,
    uploads,
    images,
    sourceImages,
    organizationName: (id) => identity.organizations.getById(id)?.name,
    dataDir: options.dataDir
  })
  const services: Services = {
    options,
    db,
    blobs,
    identity,
    images,
    sourceImages,
    watch,
    uploads,
    stacks,
    stackService: createStackService(stacks, (name) => void operationByName(name)),
    aliases: createAliasRepo(db),
    renderCache,
    renderQueue,
    renders: createRenderService({
      blobs,
      cache: renderCache,
      queue: renderQueue,
      timeoutMs: options.renderTimeoutMs,
      onRender: () => {
        rendersRun++
      }
    }),
    remoteSources: createRemoteSources({
      db,
      images,
      uploads,
      maxBytes: options.maxUploadBytes,
      ownPorts: () => runtime.ports,
      fetchOptions: options.remoteFetch
    }),
    studio: createStudioAccess(db, identity),
    runtime,
    renderCount: () => rendersRun,
    health: createStoreHealth({ writability, renderCacheWritability, damage, scrub }),
    close: async () => {
      await scrub.stop()
      await watch.close()
      await renderQueue.idle(15_000)
      await renderCache.close()
      db.close()
    }
  }
  await collectGarbage({ ...services, graceMs: options.orphanGraceMs })
  scrub.start()
  return services
}
