import sharp, { type Sharp } from 'sharp'
import { blurHashOf } from './blurhash'
import type { Negotiated } from './negotiate'
import { OUTPUT_MIMETYPES } from './output-format'
import { DEFAULT_JXL_QUALITY, encodeJxlImage } from './encode-jxl'

export interface EncodeSettings {
  negotiated: Negotiated
  options: Record<string, unknown>
  /** Options the stack or URL set explicitly (defaults not applied), to tell "unset" apart. */
  explicit: Record<string, unknown>
  dpr: number
  /** Frame timing of animated output. */
  animation?: { delay?: number[]; loop?: number }
  /** AVIF encoder effort (0–9); previews ask for a fast one. */
  avifEffort?: number
  /** The render's deadline; encoders outside libvips (JPEG XL) stop at it. */
  signal?: AbortSignal
}

export interface EncodedImage {
  data: Buffer
  mimetype: string
  format: string
  width: number
  height: number
}

const integer = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback

/** rokka lowers JPEG and WebP quality by 10 for high-density renders unless a quality is set. */
const lossyQuality = (key: string, settings: EncodeSettings, fallback: number): number => {
  const set = settings.explicit[key]
  if (typeof set === 'number') return set
  return settings.dpr > 1.5 ? fallback - 10 : fallback
}

/**
 * rokka's crafted SVG for a JPEG request with alpha: the colours as a JPEG (jpg.quality), shown
 * through a luminance mask made of the alpha channel (lossless PNG), both inlined as data URIs.
 */
const craftedSvg = async (image: Sharp, settings: EncodeSettings): Promise<EncodedImage> => {
  const { data, info } = await image.ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const { width, height } = info
  const raw = { raw: { width, height, channels: 4 as const } }
  const colours = await sharp(data, raw)
    .removeAlpha()
    .jpeg({
      quality: lossyQuality('jpg.quality', settings, 80),
      mozjpeg: settings.options['optim.disable_all'] !== true
    })
    .toBuffer()
  const mask = await sharp(data, raw).extractChannel(3).png({ compressionLevel: 9 }).toBuffer()
  const size = `width="${width}" height="${height}"`
  const uri = (type: string, bytes: Buffer) => `data:image/${type};base64,${bytes.toString('base64')}`
  const svg = [
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"',
    ` ${size} viewBox="0 0 ${width} ${height}">`,
    `<defs><mask id="alpha"><image ${size} xlink:href="${uri('png', mask)}"/></mask></defs>`,
    `<image ${size} mask="url(#alpha)" xlink:href="${uri('jpeg', colours)}"/></svg>`
  ].join('')
  return { data: Buffer.from(svg), mimetype: OUTPUT_MIMETYPES.svg, format: 'svg', width, height }
}

/** Encodes the final pipeline with the stack's output options. */
export const encodeImage = async (image: Sharp, settings: EncodeSettings): Promise<EncodedImage> => {
  const { negotiated, options } = settings
  if (negotiated.format === 'svg') return craftedSvg(image, settings)
  if (negotiated.format === 'blur') {
    const { hash, width, height } = await blurHashOf(image)
    return { data: Buffer.from(hash), mimetype: OUTPUT_MIMETYPES.blur, format: 'blur', width, height }
  }
  const optimise = options['optim.disable_all'] !== true
  const interlace = String(options['interlacing.mode'] ?? 'plane') !== 'none'
  let out = image
  if (negotiated.flattenColour) out = out.flatten({ background: `#${negotiated.flattenColour}` })
  if (negotiated.format === 'jxl') {
    return encodeJxlImage(out, integer(options['jxl.quality'], DEFAULT_JXL_QUALITY), settings.signal)
  }
  if (typeof options.dpi === 'number') out = out.withMetadata({ density: options.dpi })
  const animation = settings.animation ?? {}
  switch (negotiated.format) {
    case 'jpg':
      // MozJPEG's settings spelled out: sharp's `mozjpeg` preset would force progressive on.
      out = out.jpeg({
        quality: lossyQuality('jpg.quality', settings, 80),
        progressive: interlace,
        ...(optimise
          ? {
              trellisQuantisation: true,
              overshootDeringing: true,
              optimiseScans: interlace,
              quantisationTable: 3
            }
          : {})
      })
      break
    case 'png': {
      const quantise = optimise && integer(options['pngquant.quality'], 98) < 100
      out = out.png({
        compressionLevel: integer(options['png.compression_level'], 7),
        progressive: interlace && settings.explicit['interlacing.mode'] !== undefined,
        ...(quantise ? { palette: true, quality: integer(options['pngquant.quality'], 98), effort: 7 } : {})
      })
      break
    }
    case 'webp': {
      const quality = lossyQuality('webp.quality', settings, 80)
      out = out.webp({
        quality,
        lossless: negotiated.lossless || quality === 100,
        effort: 4,
        ...animation
      })
      break
    }
    case 'avif':
      out = out.avif({ quality: integer(options['avif.quality'], 45), effort: settings.avifEffort ?? 4 })
      break
    case 'gif': {
      const quality = integer(options['gif.quality'], 70)
      // Below 100 frames may reuse palettes within an error budget; below 70 the palette shrinks
      // too (libvips works in powers of two).
      out = out.gif({
        effort: 7,
        dither: 1,
        ...(quality < 100
          ? {
              colours: quality >= 70 ? 256 : 2 ** Math.max(2, Math.round((8 * quality) / 70)),
              interFrameMaxError: (100 - quality) / 10,
              interPaletteMaxError: 3 + (100 - quality) / 5
            }
          : {}),
        ...animation
      })
      break
    }
    case 'tiff':
      out = out.tiff({ compression: 'deflate', predictor: 'horizontal' })
      break
  }
  const { data, info } = await out.toBuffer({ resolveWithObject: true })
  return {
    data,
    mimetype: OUTPUT_MIMETYPES[negotiated.format],
    format: negotiated.format,
    width: info.width,
    height: info.pageHeight ?? info.height
  }
}
