import { readFile, stat } from 'node:fs/promises'
import sharp from 'sharp'
import { invalidImage } from '../../errors'
import { DEFAULT_MAX_PIXELS, DEFAULT_PROBE_TIMEOUT_MS, type StaticImageFacts } from '../probe'
import type { ReadableSniff } from '../sniff'
import { checkDeclaredSize } from './declared-size'
import { decodeFailureError } from './decode-errors'
import { DecodeFailure, type DecodedFormat, type DecodedPixels } from './decode-types'
import { decodeSource } from './decode-source'
import { epsSize, ghostscriptAvailable, requireEpsBounds } from './eps-render'

/** What a probe learns about a file Darkroom's own decoders read. */
export interface DecodedFacts {
  format: DecodedFormat
  mimetype: string
  /** Width and height of the pixels a render starts from (PDF: page 1 at the default pdf.dpi). */
  width: number
  height: number
  animated: false
  opaque: boolean
  /** Greyscale entropy of a reduced copy; null when the file could not be drawn (EPS without Ghostscript). */
  entropy: number | null
  staticMetadata: StaticImageFacts
}

export type DecodedSniff = ReadableSniff & { format: DecodedFormat }

const PREVIEW_SIZE = 256

const measure = async (pixels: DecodedPixels): Promise<{ opaque: boolean; entropy: number }> => {
  const { data, info } = await sharp(pixels.data, {
    raw: { width: pixels.width, height: pixels.height, channels: pixels.channels }
  })
    .resize(PREVIEW_SIZE, PREVIEW_SIZE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true })
  let opaque = true
  if (info.channels === 4) {
    for (let at = 3; at < data.length && opaque; at += 4) opaque = data[at] === 255
  }
  const stats = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).stats()
  return { opaque, entropy: Math.round(stats.entropy * 100) / 100 }
}

/** An EPS file stored without Ghostscript: its size comes from the bounding box alone. */
const undrawnEps = async (file: string, sniffed: DecodedSniff, maxPixels: number): Promise<DecodedFacts> => {
  const { width, height } = epsSize(requireEpsBounds(await readFile(file)))
  try {
    checkDeclaredSize('EPS', width, height, maxPixels)
  } catch (error) {
    throw error instanceof DecodeFailure ? decodeFailureError(error.code, error.message) : error
  }
  return { format: 'eps', mimetype: sniffed.mimetype, width, height, animated: false, opaque: false, entropy: null, staticMetadata: {} }
}

/**
 * Checks that an upload in a format sharp cannot read (HEIC, JPEG XL, PSD/PSB, PDF, EPS) decodes
 * within the limits, and measures it like `probeImage` does: the declared size is checked before
 * decoding, the decode runs with a deadline, and a damaged file is a 400.
 */
export const probeDecoded = async (
  file: string,
  sniffed: DecodedSniff,
  limits: { maxPixels?: number; timeoutMs?: number } = {}
): Promise<DecodedFacts> => {
  if ((await stat(file)).size === 0) throw invalidImage('The file is empty.')
  const maxPixels = limits.maxPixels ?? DEFAULT_MAX_PIXELS
  if (sniffed.format === 'eps' && !(await ghostscriptAvailable())) return undrawnEps(file, sniffed, maxPixels)
  // PDF pages are drawn only as large as the measurements need; the size comes from the page box.
  const page = sniffed.format === 'pdf' ? { previewSize: PREVIEW_SIZE } : {}
  const pixels = await decodeSource(file, sniffed.format, page, {
    maxPixels,
    timeoutMs: limits.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
  })
  const { opaque, entropy } = await measure(pixels)
  return {
    format: sniffed.format,
    mimetype: sniffed.mimetype,
    width: (pixels.fullSize ?? pixels).width,
    height: (pixels.fullSize ?? pixels).height,
    animated: false,
    opaque,
    entropy,
    staticMetadata: pixels.pages !== undefined && pixels.pages > 1 ? { pages: pixels.pages } : {}
  }
}
