import sharp, { type Sharp, type SharpOptions } from 'sharp'
import { AppError } from '../errors'

/** Raw pixels between operations; animated images keep their frames stacked vertically. */
export interface RasterFrame {
  data: Buffer
  width: number
  /** Height of one page (frame). */
  height: number
  channels: 1 | 2 | 3 | 4
  pages: number
}

/** A rectangle in pixels of the source image. */
export interface Area {
  x: number
  y: number
  width: number
  height: number
}

/** What the render knows about its source image (beyond its pixels). */
export interface SourceInfo {
  hash: string
  format: string
  width: number
  height: number
  animated: boolean
  entropy: number | null
  /** EXIF orientation (1–8) of the original file, if it has one; never applied on load. */
  orientation?: number
  /** Dynamic metadata in pixels of the source, as stored. */
  subjectArea?: Area & { percentage?: boolean }
  cropArea?: Area & { percentage?: boolean }
  multiAreas?: Record<string, { subject_area?: Area & { percentage?: boolean }; crop_area?: Area & { percentage?: boolean } }>
  userMetadata: Record<string, unknown>
}

/** Images an operation may need besides its input: overlays (composition), fonts (text). */
export interface RenderResources {
  /** Bytes and format of another source image of the same organization, by hash or short hash. */
  loadSourceImage(hash: string): Promise<{ data: Buffer; format: string }>
  /**
   * Renders a source image (the one being rendered when `hash` is null) through another stack of
   * the organization, with `variables`, as lossless PNG bytes. Absent where no stacks exist.
   */
  renderStack?(
    hash: string | null,
    stack: string,
    variables: Record<string, unknown>
  ): Promise<{ data: Buffer; format: string }>
}

export interface RenderContextInit {
  /** The original's file, or its bytes. */
  input: string | Buffer
  source: SourceInfo
  /** Device pixel ratio the stack asks for (1 when unset). */
  dpr: number
  /** Decode every frame (animated output) or only the first. */
  animated: boolean
  signal: AbortSignal
  resources: RenderResources
  /** Pixel budget of the input (sharp's limitInputPixels). */
  limitInputPixels?: number
  /** The input already decoded (formats sharp cannot read); used instead of `input`. */
  frame?: RasterFrame
}

/** The 503 of a render stopped at its deadline. */
export const renderStopped = (): AppError =>
  new AppError('too_many_requests', 503, 'The render took too long and was stopped.', {
    headers: { 'Retry-After': '1' }
  })

/**
 * The state a stack's operations work on. Each operation runs as its own sharp pipeline (libvips
 * allows one resize and one rotate per pipeline, and applies steps in its own order), so
 * between operations the image is raw pixels; the last pipeline is left pending so the encoder
 * continues it without another copy.
 */
export class RenderContext {
  readonly source: SourceInfo
  readonly dpr: number
  readonly signal: AbortSignal
  readonly resources: RenderResources
  readonly animated: boolean
  /** Current pixel = (source pixel - offset) * scale; null once a rotation breaks the mapping. */
  private mapping: { scaleX: number; scaleY: number; offsetX: number; offsetY: number } | null = {
    scaleX: 1,
    scaleY: 1,
    offsetX: 0,
    offsetY: 0
  }
  /** Frame timing of animated sources, carried to the encoder. */
  delay?: number[]
  loop?: number
  private frame: RasterFrame | null = null
  private pending: Sharp | null
  private readonly inputOptions: SharpOptions
  private readonly input: string | Buffer
  private initialSize: { width: number; height: number } | null

  constructor(init: RenderContextInit) {
    this.source = init.source
    this.dpr = init.dpr
    this.signal = init.signal
    this.resources = init.resources
    this.animated = init.animated
    this.input = init.input
    this.inputOptions = {
      failOn: 'error',
      limitInputPixels: init.limitInputPixels ?? 0x3fff * 0x3fff,
      ...(init.animated ? { animated: true } : {})
    }
    this.pending = null
    this.initialSize = { width: init.source.width, height: init.source.height }
    if (init.frame) this.frame = init.frame
  }

  /** A fresh pipeline whose input is the current image. */
  async pipeline(): Promise<Sharp> {
    this.throwIfAborted()
    if (this.pending) await this.materialize()
    if (this.frame) {
      const { data, width, height, channels, pages } = this.frame
      // without pages: -1 sharp reads raw input as one page and resizes/crops the whole strip
      return sharp(data, {
        raw: {
          width,
          height: height * pages,
          channels,
          ...(pages > 1 ? { pageHeight: height } : {})
        },
        ...(pages > 1 ? { pages: -1 } : {})
      })
    }
    return sharp(this.input, this.inputOptions)
  }

  /** Replaces the current image with `next`, a pipeline built on `pipeline()`. */
  set(next: Sharp): void {
    this.pending = next
    this.frame = null
    this.initialSize = null
  }

  /** Replaces the current image with raw pixels. */
  setFrame(frame: RasterFrame): void {
    this.pending = null
    this.frame = frame
    this.initialSize = null
  }

  /** The current image as raw pixels (decoding or finishing the pending pipeline if needed). */
  async raw(): Promise<RasterFrame> {
    if (!this.frame) await this.materialize()
    return this.frame as RasterFrame
  }

  /** Size of one page of the current image. */
  async size(): Promise<{ width: number; height: number }> {
    if (this.initialSize && !this.pending && !this.frame) return this.initialSize
    const frame = await this.raw()
    return { width: frame.width, height: frame.height }
  }

  /** The pipeline the encoder continues: pending work, or the current pixels. */
  async finalPipeline(): Promise<Sharp> {
    this.throwIfAborted()
    if (this.pending) return this.pending
    return this.pipeline()
  }

  /** Maps an area given in source pixels into the current image; undefined if it cannot. */
  mapFromSource(area: Area): Area | undefined {
    if (!this.mapping) return undefined
    const { scaleX, scaleY, offsetX, offsetY } = this.mapping
    return {
      x: Math.round((area.x - offsetX) * scaleX),
      y: Math.round((area.y - offsetY) * scaleY),
      width: Math.max(1, Math.round(area.width * scaleX)),
      height: Math.max(1, Math.round(area.height * scaleY))
    }
  }

  /** Records a scale from `from` to `to` pixels (resize). */
  noteScale(from: { width: number; height: number }, to: { width: number; height: number }): void {
    if (!this.mapping) return
    this.mapping.scaleX *= to.width / from.width
    this.mapping.scaleY *= to.height / from.height
  }

  /** Records that the current image now starts at (`left`, `top`) of the previous one (crop). */
  noteCrop(left: number, top: number): void {
    if (!this.mapping) return
    this.mapping.offsetX += left / this.mapping.scaleX
    this.mapping.offsetY += top / this.mapping.scaleY
  }

  /** Records a change no area can follow (rotation, trim). */
  loseMapping(): void {
    this.mapping = null
  }

  throwIfAborted(): void {
    if (this.signal.aborted) throw renderStopped()
  }

  private async materialize(): Promise<void> {
    const source = this.pending ?? sharp(this.input, this.inputOptions)
    const pagesBefore = this.frame?.pages
    const { data, info } = await source.raw().toBuffer({ resolveWithObject: true })
    const pages = Math.max(1, info.pages ?? pagesBefore ?? 1)
    const pageHeight = info.pageHeight ?? Math.round(info.height / pages)
    this.frame = {
      data,
      width: info.width,
      height: pageHeight,
      channels: info.channels as 1 | 2 | 3 | 4,
      pages: Math.max(1, Math.round(info.height / pageHeight))
    }
    this.pending = null
    this.throwIfAborted()
  }
}
