import type { Sharp } from 'sharp'
import { renderStopped } from '../engine/context'
import { decoderHost } from '../engine/decoders/decoder-host'
import type { EncodedImage } from './encode'
import { OUTPUT_MIMETYPES } from './output-format'

/** rokka's default `jxl.quality`. */
export const DEFAULT_JXL_QUALITY = 70
/**
 * libjxl's effort 4 ("wombat"): in WebAssembly the default 7 takes several times longer for
 * files only a few percent smaller.
 */
const JXL_EFFORT = 4
/** Deadline of one JPEG XL encode in the decoder process, when the render sets none. */
export const JXL_ENCODE_TIMEOUT_MS = 60_000

/** Encodes the final pipeline as JPEG XL (libjxl in the decoder process); 100 is lossless. */
export const encodeJxlImage = async (image: Sharp, quality: number, signal?: AbortSignal): Promise<EncodedImage> => {
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const bytes = await decoderHost().encodeJxl(
    { kind: 'encode-jxl', data, width: info.width, height: info.height, quality, effort: JXL_EFFORT },
    { timeoutMs: JXL_ENCODE_TIMEOUT_MS, label: 'JPEG XL', ...(signal ? { signal, onAbort: renderStopped } : {}) }
  )
  return {
    data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    mimetype: OUTPUT_MIMETYPES.jxl,
    format: 'jxl',
    width: info.width,
    height: info.height
  }
}
