import { readFile, stat } from 'node:fs/promises'
import sharp from 'sharp'
import type { FormatEnum, Metadata, Sharp } from 'sharp'
import { imageTooLarge, invalidImage, isAppError, unsupportedFormat } from '../errors'
import { isDecodedFormat } from './decoders/decode-types'
import { gridTilesRefusal } from './decoders/heif-tiles'
import { NOT_AN_IMAGE } from './readable-formats'
import type { ReadableSniff, SharpFormat, SniffResult } from './sniff'

/** Limits applied while probing; every field is optional. */
export interface ProbeLimits {
  /**
   * Largest width × height (of one page) accepted for formats other than JPEG and WebP, in
   * pixels. Default 225 000 000, rokka's limit.
   */
  maxPixels?: number
  /** Largest width × height accepted for JPEG and WebP, in pixels. Default 268 402 689 (16383²). */
  maxPixelsJpegWebp?: number
  /**
   * Time budget for reading and decoding, in milliseconds. Default 20 000. libvips gets it rounded
   * up to whole seconds; the probe itself gives up at most 1 s later.
   */
  timeoutMs?: number
}

/** Cheap facts worth keeping in rokka's `static_metadata` (wire names, snake_case). */
export interface StaticImageFacts {
  /** EXIF Orientation tag (1–8) when present and valid; never applied to `width`/`height`. */
  exif_orientation?: number
  /** Present (true) when the file embeds an ICC colour profile. */
  icc?: boolean
  /** Resolution in pixels per inch when the file declares one (not set for SVG). */
  density?: number
  /** Number of pages or frames when there is more than one (animated GIF/WebP, multi-page TIFF). */
  pages?: number
}

/** What a probe learns about a decodable image. */
export interface ImageFacts {
  format: SharpFormat
  mimetype: string
  /** Width in pixels as stored in the file (EXIF orientation not applied, as rokka reports it). */
  width: number
  /** Height in pixels of one page/frame as stored in the file (EXIF orientation not applied). */
  height: number
  /** True for GIF and WebP with more than one frame. */
  animated: boolean
  /** True when there is no alpha channel or every alpha value of the reduced decode is 255. */
  opaque: boolean
  /** Greyscale Shannon entropy in bits (0–8) of the reduced decode, 2 decimals. */
  entropy: number
  staticMetadata: StaticImageFacts
}

/** rokka refuses sources above 225 megapixels unless they are JPEG or WebP. */
export const DEFAULT_MAX_PIXELS = 225_000_000
/** sharp's default `limitInputPixels` (0x3FFF²), kept as a sanity cap for JPEG and WebP. */
export const DEFAULT_MAX_PIXELS_JPEG_WEBP = 0x3fff * 0x3fff
/** Default time budget of one probe, in milliseconds. */
export const DEFAULT_PROBE_TIMEOUT_MS = 20_000

/** Longest side of the reduced decode used to validate pixels and measure opacity and entropy. */
const PREVIEW_SIZE = 256
// Leaves sharp's own timeout (whole seconds) the first chance to stop libvips and close the file.
const BACKSTOP_GRACE_MS = 1_000

const LOADER: Record<SharpFormat, keyof FormatEnum> = {
  jpg: 'jpeg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
  avif: 'heif',
  tiff: 'tiff',
  svg: 'svg'
}

type Input = string | Buffer

/** A sniff of a format sharp itself decodes. */
type SharpSniff = ReadableSniff & { format: SharpFormat }

interface Resolved {
  maxPixels: number
  timeoutMs: number
}

const formatNumber = (value: number): string => String(Number(value.toFixed(1)))

const decodeTimeout = (timeoutMs: number) =>
  imageTooLarge(
    `Decoding the image took longer than ${formatNumber(timeoutMs / 1000)} s; it is too complex for Darkroom to process.`
  )

const svgWithoutSize = () =>
  invalidImage(
    'The SVG has no usable size; give its root <svg> element a width and height or a viewBox.'
  )

const HEADER_PREFIX = /^Input (file|buffer) has corrupt header:\s*/
// sharp says this when no libvips loader accepts the bytes, e.g. a TIFF cut before its IFD.
const NO_LOADER = /^Input (file|buffer) contains unsupported image format/
const LIBRARY_PREFIX =
  /^(Vips\w*|vips\w*|glib|\w+load(_\w+)?|\w+2vips|heif\w*|lib\w+|webp|GIF|TIFF\w*):\s+/
// Lines libvips adds around the real cause (seek failures, library version numbers).
const NOISE_LINE = /^\s*$|^\(.*\)$|bad seek to \d+$/
const UNINFORMATIVE = /(read error|Unknown error|load failed)$/i
const TILE_NOISE = /^error in tile/

const firstCause = (text: string): string => {
  const lines = text.split('\n').map((line) => line.trim())
  return lines.find((line) => !NOISE_LINE.test(line)) ?? lines[0] ?? ''
}

const cleanDetail = (text: string, file: string): string => {
  let detail = firstCause(text).replace(HEADER_PREFIX, '')
  if (NO_LOADER.test(detail)) return 'its header cannot be read'
  detail = detail.split(`${file}: `).join('').split(file).join('the file')
  for (let i = 0; i < 3 && LIBRARY_PREFIX.test(detail); i += 1) {
    detail = detail.replace(LIBRARY_PREFIX, '')
  }
  detail = detail.replace(/[.\s]+$/, '')
  return detail.length > 200 ? `${detail.slice(0, 199)}…` : detail
}

/**
 * libvips often fails with a generic "read error" and says what went wrong in a warning. sharp
 * keeps warnings in one process-wide queue, so under concurrency they may be missing; the
 * error text is the fallback.
 */
const failureDetail = (message: string, warnings: readonly string[], file: string): string => {
  const fromError = cleanDetail(message, file)
  if (fromError !== '' && !UNINFORMATIVE.test(fromError)) return fromError
  const warning = warnings.find((w) => !TILE_NOISE.test(w) && !UNINFORMATIVE.test(w.trim()))
  return warning === undefined ? fromError || 'unknown decoder error' : cleanDetail(warning, file)
}

/** Turns a sharp/libvips failure into the 400 a user should see. */
const toImageError = (
  error: unknown,
  sniffed: SharpSniff,
  warnings: readonly string[],
  file: string,
  limits: Resolved
): unknown => {
  if (isAppError(error) || !(error instanceof Error)) return error
  const message = error.message
  // A missing or unreadable file is Darkroom's fault, not the upload's: let it become a 500.
  if (/^Input file is missing|EACCES|ENOENT/.test(message)) return error
  if (message.startsWith('timeout:')) return decodeTimeout(limits.timeoutMs)
  if (sniffed.format === 'svg' && message.includes('bad dimensions')) return svgWithoutSize()
  if (message.includes('exceeds pixel limit')) {
    return imageTooLarge(
      `The image has more pixels than Darkroom accepts for ${sniffed.label} (${formatNumber(limits.maxPixels / 1e6)} megapixels).`
    )
  }
  if (message.includes('exceeds channel limit')) {
    return invalidImage(
      `The ${sniffed.label} file has more colour channels than Darkroom can read.`
    )
  }
  const detail = failureDetail(message, warnings, file)
  return sniffed.format === 'svg'
    ? invalidImage(`The SVG file is not valid (${detail}).`)
    : invalidImage(`The ${sniffed.label} file is truncated or damaged (${detail}).`)
}

/** Runs one sharp call, collecting the libvips warnings it reports, mapping failures to 400s. */
const attempt = async <T>(
  pipeline: Sharp,
  run: (pipeline: Sharp) => Promise<T>,
  sniffed: SharpSniff,
  file: string,
  limits: Resolved
): Promise<T> => {
  const warnings: string[] = []
  pipeline.on('warning', (warning: unknown) => warnings.push(String(warning)))
  try {
    return await run(pipeline)
  } catch (error) {
    throw toImageError(error, sniffed, warnings, file, limits)
  }
}

// No pixel limit here: the dimensions are needed to refuse big images with a precise message.
const readHeader = (input: Input, sniffed: SharpSniff, file: string, limits: Resolved) =>
  attempt(
    sharp(input, { failOn: 'error', limitInputPixels: false }),
    (p) => p.metadata(),
    sniffed,
    file,
    limits
  )

const checkHeader = (header: Metadata, sniffed: SharpSniff, limits: Resolved): void => {
  if (sniffed.format === 'avif' && header.compression === 'hevc') throw unsupportedFormat('HEIC')
  if (header.format !== LOADER[sniffed.format]) {
    throw invalidImage(`The file starts like a ${sniffed.label} file but is not one.`)
  }
  if (!(header.width > 0 && header.height > 0)) {
    throw sniffed.format === 'svg'
      ? svgWithoutSize()
      : invalidImage(`The ${sniffed.label} file declares no image size.`)
  }
  const pixels = header.width * header.height
  if (pixels > limits.maxPixels) {
    throw imageTooLarge(
      `The image is ${header.width} × ${header.height} pixels (${formatNumber(pixels / 1e6)} megapixels); ${sniffed.label} images may have at most ${formatNumber(limits.maxPixels / 1e6)} megapixels.`
    )
  }
}

/** Decodes the first page shrunk to fit PREVIEW_SIZE; JPEG, WebP and SVG shrink while loading. */
const decodePreview = (input: Input, sniffed: SharpSniff, file: string, limits: Resolved) =>
  attempt(
    sharp(input, {
      failOn: 'error',
      limitInputPixels: Number.isFinite(limits.maxPixels) ? Math.floor(limits.maxPixels) : false
    })
      .timeout({ seconds: Math.min(3600, Math.max(1, Math.ceil(limits.timeoutMs / 1000))) })
      .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'inside', withoutEnlargement: true })
      .raw(),
    (p) => p.toBuffer({ resolveWithObject: true }),
    sniffed,
    file,
    limits
  )

const isEveryAlphaOpaque = (pixels: Buffer, channels: number): boolean => {
  for (let at = channels - 1; at < pixels.length; at += channels) {
    if (pixels[at] !== 255) return false
  }
  return true
}

const staticFacts = (header: Metadata, sniffed: SharpSniff): StaticImageFacts => {
  const facts: StaticImageFacts = {}
  const orientation = header.orientation ?? 0
  // Values outside 1–8 occur in the wild (B12) and mean nothing; renders ignore them too.
  if (Number.isInteger(orientation) && orientation >= 1 && orientation <= 8) {
    facts.exif_orientation = orientation
  }
  if (header.hasProfile) facts.icc = true
  if (sniffed.format !== 'svg' && header.density !== undefined) facts.density = header.density
  if (header.pages !== undefined && header.pages > 1) facts.pages = header.pages
  return facts
}

const inspect = async (
  input: Input,
  sniffed: SharpSniff,
  file: string,
  limits: Resolved
): Promise<ImageFacts> => {
  const header = await readHeader(input, sniffed, file, limits)
  checkHeader(header, sniffed, limits)
  const { data, info } = await decodePreview(input, sniffed, file, limits)
  const stats = await sharp(data, {
    raw: { width: info.width, height: info.height, channels: info.channels }
  }).stats()
  const hasAlpha = info.channels === 2 || info.channels === 4
  return {
    format: sniffed.format,
    mimetype: sniffed.mimetype,
    width: header.width,
    height: header.height,
    animated: (sniffed.format === 'gif' || sniffed.format === 'webp') && (header.pages ?? 1) > 1,
    opaque: !hasAlpha || isEveryAlphaOpaque(data, info.channels),
    entropy: Math.round(stats.entropy * 100) / 100,
    staticMetadata: staticFacts(header, sniffed)
  }
}

const withDeadline = async <T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

const requireReadable = (sniffed: SniffResult): SharpSniff => {
  if (sniffed.kind === 'unsupported') throw unsupportedFormat(sniffed.label)
  if (sniffed.kind === 'unknown') throw invalidImage(NOT_AN_IMAGE)
  // HEIC, JPEG XL, PSD, PDF and EPS go through decoders/probe-decoded.ts instead.
  if (isDecodedFormat(sniffed.format)) throw new Error(`probeImage cannot read ${sniffed.label}; use probeDecoded`)
  return sniffed as SharpSniff
}

/**
 * Checks that a complete file on disk is an image Darkroom can use and measures it.
 *
 * Reads the header first and refuses images over the pixel limit before decoding anything
 * (225 MP, or sharp's 268 MP cap for JPEG and WebP). It then decodes the first page shrunk to
 * at most 256 px, failing on decoder errors and truncation (`failOn: 'error'`), and measures
 * opacity and entropy on that reduced image. SVG is read into memory and handed to sharp as a
 * Buffer: librsvg then has no base URL and loads no external resources (only `data:` URLs).
 * The whole probe must finish within `timeoutMs`; libvips is asked to stop then, and a render
 * it cannot interrupt (a costly SVG) is abandoned after a short grace period, its thread
 * finishing in the background.
 *
 * @param file path of the complete upload
 * @param sniffed `sniffFormat` of the file's first bytes
 * @throws AppError `invalid_image`, `image_too_large` or `unsupported_format` (all 400)
 */
export const probeImage = async (
  file: string,
  sniffed: SniffResult,
  limits: ProbeLimits = {}
): Promise<ImageFacts> => {
  if ((await stat(file)).size === 0) throw invalidImage('The file is empty.')
  const readable = requireReadable(sniffed)
  const jpegOrWebp = readable.format === 'jpg' || readable.format === 'webp'
  const resolved: Resolved = {
    maxPixels: jpegOrWebp
      ? (limits.maxPixelsJpegWebp ?? DEFAULT_MAX_PIXELS_JPEG_WEBP)
      : (limits.maxPixels ?? DEFAULT_MAX_PIXELS),
    timeoutMs: limits.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
  }
  const input: Input = readable.format === 'svg' ? await readFile(file) : file
  // libheif decodes every tile of an AVIF grid: thousands of them cost more than their pixels say.
  if (readable.format === 'avif') {
    const refusal = gridTilesRefusal(await readFile(file), 'AVIF')
    if (refusal) throw imageTooLarge(refusal)
  }
  return withDeadline(
    inspect(input, readable, file, resolved),
    resolved.timeoutMs + BACKSTOP_GRACE_MS,
    () => decodeTimeout(resolved.timeoutMs)
  )
}
