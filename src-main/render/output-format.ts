import { AppError } from '../errors'

/**
 * Formats Darkroom writes, by the extension a render URL asks for; `svg` only as the crafted SVG
 * (JPEG plus alpha mask) that `jpg.transparency.autoformat` may answer a JPEG request with;
 * `blur` is the BlurHash string of the render.
 */
export type OutputFormat = 'jpg' | 'png' | 'webp' | 'gif' | 'avif' | 'jxl' | 'tiff' | 'svg' | 'blur'

export const OUTPUT_MIMETYPES: Record<OutputFormat, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  jxl: 'image/jxl',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  blur: 'text/plain; charset=utf-8'
}

const ALIASES: Record<string, OutputFormat> = {
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
  jxl: 'jxl',
  tif: 'tiff',
  tiff: 'tiff',
  blur: 'blur'
}

/** rokka formats Darkroom cannot write yet, with their names for people. */
const NOT_YET: Record<string, string> = {
  heic: 'HEIC',
  heif: 'HEIF',
  jp2: 'JPEG 2000',
  svg: 'SVG',
  mp4: 'MP4 video',
  webm: 'WebM video',
  m3u: 'HLS playlists',
  m3u8: 'HLS playlists',
  ts: 'video segments'
}

/** Every format a render URL may ask for, for GET / and messages. */
export const WRITABLE_FORMATS: readonly OutputFormat[] = ['jpg', 'png', 'webp', 'gif', 'avif', 'jxl', 'tiff', 'blur']

/** The output format a URL extension names; 400 for formats Darkroom cannot write. */
export const outputFormatOf = (extension: string): OutputFormat => {
  const format = ALIASES[extension.toLowerCase()]
  if (format) return format
  const notYet = NOT_YET[extension.toLowerCase()]
  if (notYet) {
    throw new AppError('unsupported_format', 400, `Darkroom cannot render ${notYet} (.${extension}) yet; use jpg, png, webp, gif, avif, jxl, tiff or blur.`)
  }
  throw new AppError('unsupported_format', 400, `".${extension}" is not an image format; use jpg, png, webp, gif, avif, jxl, tiff or blur.`)
}
