import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import sharp from 'sharp'
import type { BlobStore } from '../storage/blob-store'
import type { SourceImageRecord } from '../storage/source-image-repo'
import type { RenderCache, CachedRender } from '../storage/render-cache'
import type { StackRecord } from '../stacks/stack-repo'
import { RenderContext, renderStopped, type RasterFrame, type SourceInfo, type RenderResources } from '../engine/context'
import { isDecodedFormat } from '../engine/decoders/decode-types'
import { runPipeline } from '../engine/pipeline'
import { badRequest, corruptObject } from '../errors'
import { encodeImage } from './encode'
import { negotiateFormat } from './negotiate'
import { outputFormatOf, type OutputFormat } from './output-format'
import { baseKey, renderKey, type AcceptClass } from './render-key'
import type { ResolvedStack } from './resolve-stack'
import type { RenderQueue } from './render-queue'
import { createSingleFlight } from './single-flight'
import { renderFailure } from './render-errors'
import { checkAnimationSize } from './animation-limits'
import { createDecodedSources, pdfPageOptions } from './decoded-sources'
import { libvipsThreadsPerRender, useLibvipsThreads } from './libvips-threads'

/** Operations that can add transparency to an opaque image. */
const ALPHA_MAKERS = new Set(['rotate', 'circlemask', 'alpha', 'composition', 'dropshadow', 'text', 'trim'])

export interface RenderJob {
  organizationId: string
  image: SourceImageRecord
  stack: ResolvedStack
  extension: string
  accept: string
  /** `_preview…` stacks are never cached. */
  cacheable: boolean
  /**
   * Rendered inside another render (a composition's secondary stack): it already holds a queue
   * slot, and may share its key with the render waiting for it, so it skips queue and sharing.
   */
  nested?: boolean
  /** AVIF encoder effort; live previews ask for a fast one. */
  avifEffort?: number
  resources: RenderResources
}

export interface RenderResult {
  entry: CachedRender
  /** The bytes when just rendered; read from `path` otherwise. */
  data?: Buffer
  path?: string
  variesOnAccept: boolean
  /** Rendered for this request, read from the cache, or shared with an identical request in flight. */
  served: 'rendered' | 'cache' | 'shared'
}

const acceptClassOf = (accept: string, options: Record<string, unknown>): AcceptClass => ({
  webp: accept.includes('image/webp'),
  avif: accept.includes('image/avif'),
  ...(String(options['autoformat.include'] ?? '').includes('jxl') ? { jxl: accept.includes('image/jxl') } : {}),
  // only jpg.transparency.autoformat "true" answers */* differently (crafted SVG)
  ...(String(options['jpg.transparency.autoformat']) === 'true'
    ? { any: accept.includes('*/*') }
    : {})
})

/** Whether the delivered format can depend on the request's Accept header. */
const mayVaryOnAccept = (options: Record<string, unknown>): boolean => {
  const transparency = String(options['jpg.transparency.autoformat'] ?? 'false')
  return options.autoformat === true || transparency === 'true' || transparency === 'webp'
}

const hasVisibleAlpha = async (ctx: RenderContext): Promise<boolean> => {
  const frame = await ctx.raw()
  if (frame.channels !== 2 && frame.channels !== 4) return false
  const { data, channels } = frame
  for (let i = channels - 1; i < data.length; i += channels) if ((data[i] as number) < 255) return true
  return false
}

const sourceInfo = (image: SourceImageRecord): SourceInfo => {
  const dyn = image.dynamicMetadata as Record<string, unknown>
  const orientation = image.staticMetadata.exif_orientation
  return {
    hash: image.hash,
    format: image.format,
    width: image.width,
    height: image.height,
    animated: image.animated,
    entropy: image.entropy,
    ...(typeof orientation === 'number' ? { orientation } : {}),
    ...(dyn.subject_area ? { subjectArea: dyn.subject_area as SourceInfo['subjectArea'] } : {}),
    ...(dyn.crop_area ? { cropArea: dyn.crop_area as SourceInfo['cropArea'] } : {}),
    ...(dyn.multi_areas ? { multiAreas: dyn.multi_areas as SourceInfo['multiAreas'] } : {}),
    userMetadata: image.userMetadata
  }
}

/** What a stack starts from: the original file, or a basestack's output and its size. */
interface StageInput {
  input: Buffer | string
  /** The original's pixels, when Darkroom decodes its format itself (HEIC, PDF, …). */
  frame?: RasterFrame
  width?: number
  height?: number
}

/**
 * A render context on `stage`. A basestack's output has its own size; when that differs from the
 * original's, stored areas (in source pixels) no longer map onto it.
 */
const stageContext = (
  job: RenderJob,
  stage: StageInput,
  dpr: number,
  animated: boolean,
  signal: AbortSignal
): RenderContext => {
  const source = sourceInfo(job.image)
  const { width = source.width, height = source.height } = stage
  const ctx = new RenderContext({
    input: stage.input,
    ...(stage.frame ? { frame: stage.frame } : {}),
    source: { ...source, width, height },
    dpr,
    animated,
    signal,
    resources: job.resources
  })
  if (width !== job.image.width || height !== job.image.height) ctx.loseMapping()
  return ctx
}

/** Takes the frame delays and loop count of an animated stage input onto the context. */
const copyTiming = async (ctx: RenderContext, stage: StageInput): Promise<void> => {
  const meta = await sharp(stage.input, { animated: true }).metadata()
  ctx.delay = meta.delay
  ctx.loop = meta.loop
}

/** The frame timing an animated encoder should write. */
const timingOf = (ctx: RenderContext): { delay?: number[]; loop?: number } => ({
  ...(ctx.delay ? { delay: ctx.delay } : {}),
  ...(ctx.loop !== undefined ? { loop: ctx.loop } : {})
})

/** Renders images through resolved stacks, once per variant, bounded, with a cache. */
export const createRenderService = (deps: {
  blobs: BlobStore
  cache: RenderCache
  queue: RenderQueue
  timeoutMs: number
  /** Counts libvips pipelines actually run (for tests and the benchmark). */
  onRender?: () => void
}) => {
  const { blobs, cache, queue } = deps
  const cores = availableParallelism()
  const decoded = createDecodedSources()
  const flight = createSingleFlight<RenderResult>()
  const reportedCacheErrors = new Set<string>()

  /** The cache only saves work: a full or read-only disk must not fail the render it would keep. */
  const keep = async (entry: CachedRender, data: Buffer): Promise<void> => {
    try {
      await cache.put(entry, data)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown'
      if (reportedCacheErrors.has(code)) return
      reportedCacheErrors.add(code)
      console.warn(`Darkroom serves renders without caching them: ${(error as Error).message}`)
    }
  }

  /**
   * Throws the store's corrupt error unless the original re-hashes to its name (or is unchanged
   * on disk since it did: rendering one original again and again need not hash it each time).
   */
  const verifyOriginal = async (image: SourceImageRecord): Promise<void> => {
    const state = await blobs.checkForRead(image.blobHash)
    if (state !== 'intact') throw corruptObject(`The original of ${image.hash}`, state)
  }

  const originalPath = async (image: SourceImageRecord): Promise<string> => {
    // Checked before every render that reads it, so a damaged original never renders.
    await verifyOriginal(image)
    return blobs.pathOf(image.blobHash)
  }

  // SVG goes to librsvg from memory: loaded from its file, it could draw other files of the store.
  const originalInput = async (image: SourceImageRecord): Promise<string | Buffer> =>
    image.format === 'svg' ? readFile(await originalPath(image)) : originalPath(image)

  /**
   * The original as a stack starts from it. Formats sharp cannot read arrive decoded (PDF at the
   * stack's pdf.page and pdf.dpi), each render getting its own copy of the shared pixels.
   */
  const originalStage = async (
    image: SourceImageRecord,
    options: Record<string, unknown>,
    signal: AbortSignal
  ): Promise<StageInput> => {
    if (!isDecodedFormat(image.format)) return { input: await originalInput(image) }
    const file = await originalPath(image)
    const page = image.format === 'pdf' ? pdfPageOptions(options) : {}
    const timeoutMs = deps.timeoutMs
    const shared = await decoded.get({ file, blob: image.blobHash, format: image.format, page, timeoutMs, signal, onAbort: renderStopped })
    const frame = { ...shared, data: Buffer.from(shared.data) }
    return { input: file, frame, width: frame.width, height: frame.height }
  }

  /**
   * The pixels a basestack chain leaves, with their size: cached as lossless PNG, or as lossless
   * animated WebP when the render keeps an animation's frames.
   */
  const baseInput = async (
    job: RenderJob,
    base: ResolvedStack,
    animated: boolean,
    signal: AbortSignal
  ): Promise<StageInput> => {
    const key = baseKey(job.organizationId, job.image.hash, base, animated)
    const cached = await cache.get(key)
    // a render just made may still be on its way to the disk: take its bytes when the cache has them
    if (cached) return { input: cached.data ?? cache.pathOf(key), width: cached.width, height: cached.height }
    const below = base.base ? await baseInput(job, base.base, animated, signal) : null
    const stage = below ?? (await originalStage(job.image, base.options, signal))
    const ctx = stageContext(job, stage, 1, animated, signal)
    if (animated) await copyTiming(ctx, stage)
    await runPipeline(ctx, base.operations)
    const final = await ctx.finalPipeline()
    const encoder = animated
      ? final.webp({ lossless: true, effort: 0, ...timingOf(ctx) })
      : final.png({ compressionLevel: 1 })
    const { data, info } = await encoder.toBuffer({ resolveWithObject: true })
    const [format, mimetype] = animated ? ['webp', 'image/webp'] : ['png', 'image/png']
    const height = info.pageHeight ?? info.height
    const { organizationId, image } = job
    const entry = { key, organizationId, stack: base.name, hash: image.hash, format, mimetype }
    await keep({ ...entry, size: data.length, width: info.width, height }, data)
    return { input: data, width: info.width, height }
  }

  const renderNow = async (job: RenderJob, format: OutputFormat, key: string): Promise<RenderResult> => {
    deps.onRender?.()
    useLibvipsThreads(libvipsThreadsPerRender(cores, queue.stats().running))
    const { image, stack } = job
    // A file libvips reads in place is checked while it decodes: the check costs no latency,
    // and nothing rendered from it is kept or served before the check has passed.
    const inPlace = stack.base === null && !isDecodedFormat(image.format) && image.format !== 'svg'
    const integrity = inPlace ? verifyOriginal(image) : null
    const [checked, rendered] = await Promise.allSettled([
      integrity,
      encodeRender(job, format, inPlace ? { input: blobs.pathOf(image.blobHash) } : null)
    ])
    if (checked.status === 'rejected') throw checked.reason
    if (rendered.status === 'rejected') throw renderFailure(rendered.reason)
    const { encoded, variesOnAccept } = rendered.value
    const entry: CachedRender = {
      key,
      organizationId: job.organizationId,
      stack: stack.name,
      hash: image.hash,
      format: encoded.format,
      mimetype: encoded.mimetype,
      size: encoded.data.length,
      width: encoded.width,
      height: encoded.height
    }
    if (job.cacheable) await keep(entry, encoded.data)
    return { entry, data: encoded.data, variesOnAccept, served: 'rendered' }
  }

  /** Runs the stack on `given` (or the stage it starts from) and encodes the result. */
  const encodeRender = async (job: RenderJob, format: OutputFormat, given: StageInput | null) => {
    const signal = AbortSignal.timeout(deps.timeoutMs)
    const { stack } = job
    const animated = job.image.animated && (format === 'gif' || format === 'webp')
    if (animated) checkAnimationSize(job.image)
    const stage =
      given ??
      (stack.base
        ? await baseInput(job, stack.base, animated, signal)
        : await originalStage(job.image, stack.options, signal))
    const dpr = typeof stack.options.dpr === 'number' ? stack.options.dpr : 1
    const ctx = stageContext(job, stage, dpr, animated, signal)
    if (animated) await copyTiming(ctx, stage)
    await runPipeline(ctx, stack.operations)
    const mightHaveAlpha =
      !job.image.opaque || stack.base !== null || stack.operations.some((op) => ALPHA_MAKERS.has(op.operation.spec.name))
    const negotiated = negotiateFormat({
      requested: format,
      options: stack.options,
      explicit: stack.explicit,
      accept: job.accept,
      hasVisibleAlpha: format === 'jpg' && mightHaveAlpha ? await hasVisibleAlpha(ctx) : false
    })
    const encoded = await encodeImage(await ctx.finalPipeline(), {
      negotiated,
      options: stack.options,
      explicit: stack.explicit,
      dpr,
      ...(animated ? { animation: timingOf(ctx) } : {}),
      ...(job.avifEffort !== undefined ? { avifEffort: job.avifEffort } : {}),
      signal
    })
    return { encoded, variesOnAccept: negotiated.variesOnAccept }
  }

  return {
    render: async (job: RenderJob): Promise<RenderResult> => {
      if (job.image.mimetype.startsWith('font/')) {
        throw badRequest(`${job.image.hash} is a font; use it in a text operation instead of rendering it.`)
      }
      const format = outputFormatOf(job.extension)
      const varies = mayVaryOnAccept(job.stack.options)
      const key = renderKey({
        organizationId: job.organizationId,
        hash: job.image.hash,
        stack: job.stack,
        extension: format,
        accept: varies ? acceptClassOf(job.accept, job.stack.options) : null,
        ...(job.avifEffort !== undefined ? { variant: `avif-effort-${job.avifEffort}` } : {})
      })
      if (job.cacheable) {
        const hit = await cache.get(key)
        if (hit) {
          const { data, ...entry } = hit
          return { entry, ...(data ? { data } : {}), path: cache.pathOf(key), variesOnAccept: varies, served: 'cache' }
        }
      }
      if (job.nested) return renderNow(job, format, key)
      const joining = flight.has(key)
      const result = await flight.run(key, () => queue.run(() => renderNow(job, format, key)))
      return joining ? { ...result, served: 'shared' } : result
    },
    originalPath,
    /** A source sharp cannot read (HEIC, PDF, …) as lossless PNG, for overlays (composition). */
    decodedPng: async (image: SourceImageRecord): Promise<Buffer> => {
      const { data, width, height, channels } = (await originalStage(image, {}, AbortSignal.timeout(deps.timeoutMs))).frame as RasterFrame
      return sharp(data, { raw: { width, height, channels } }).png({ compressionLevel: 1 }).toBuffer()
    }
  }
}

export type RenderService = ReturnType<typeof createRenderService>
