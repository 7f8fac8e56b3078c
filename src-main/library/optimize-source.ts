import sharp, { type Sharp } from 'sharp'
import type { Readable } from 'node:stream'
import type { StagedBlob } from '../storage/blob-store'
import { badRequest } from '../errors'
import type { InspectedImage } from './inspect-upload'
import { decodeSource } from '../engine/decoders/decode-source'
import { DEFAULT_MAX_PIXELS, DEFAULT_PROBE_TIMEOUT_MS } from '../engine/probe'

/** The upload as sharp input: TIFF from its file, PSD as its composite decoded by ag-psd. */
const sourcePixels = async (staged: StagedBlob, format: string): Promise<Sharp> => {
  if (format !== 'psd') return sharp(staged.tmpPath, { failOn: 'error' })
  const pixels = await decodeSource(staged.tmpPath, 'psd', {}, {
    maxPixels: DEFAULT_MAX_PIXELS,
    timeoutMs: DEFAULT_PROBE_TIMEOUT_MS
  })
  return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
}

/** `optimize_source`: `true` recompresses losslessly (PNG); `jpg` and `png` convert. */
export type OptimizeSourceMode = 'lossless' | 'jpg' | 'png'

export const parseOptimizeSource = (value: unknown): OptimizeSourceMode | null => {
  if (value === undefined || value === null || value === '' || value === false || value === 'false') {
    return null
  }
  if (value === true || value === 'true') return 'lossless'
  if (value === 'jpg' || value === 'png') return value
  throw badRequest(`optimize_source takes true, "jpg" or "png", not ${JSON.stringify(value)}.`)
}

/** Formats rokka converts; every other format is stored untouched. */
const CONVERTIBLE = new Set(['tiff', 'psd'])

/**
 * Converts a TIFF or PSD upload as seed 004 says: lossless PNG for `true` and `png`; for `jpg`
 * a high-quality JPEG, or a WebP when the image has transparency. Returns null when untouched.
 */
export const optimizeSource = async (
  staged: StagedBlob,
  inspected: InspectedImage,
  mode: OptimizeSourceMode,
  stage: (body: Readable) => Promise<StagedBlob>
): Promise<{ staged: StagedBlob; inspected: InspectedImage } | null> => {
  if (!CONVERTIBLE.has(inspected.format)) return null
  const image = await sourcePixels(staged, inspected.format)
  let target: { format: string; mimetype: string; pipeline: Sharp }
  if (mode === 'jpg' && inspected.opaque) {
    target = { format: 'jpg', mimetype: 'image/jpeg', pipeline: image.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }) }
  } else if (mode === 'jpg') {
    target = { format: 'webp', mimetype: 'image/webp', pipeline: image.webp({ quality: 95 }) }
  } else {
    target = { format: 'png', mimetype: 'image/png', pipeline: image.png({ compressionLevel: 9 }) }
  }
  const converted = await stage(target.pipeline.keepIccProfile())
  return {
    staged: converted,
    inspected: { ...inspected, format: target.format, mimetype: target.mimetype }
  }
}
