import { RenderUrlError } from './render-url-error'

/**
 * Every output format a render URL may ask for: rokka's documented image, video and HLS formats,
 * the `jpeg`/`tif` spellings, and `blur` (a BlurHash string). Whether Darkroom can write a format
 * is decided later, by the renderer.
 */
export const RENDER_FORMATS = [
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'avif',
  'jxl',
  'heic',
  'heif',
  'jp2',
  'svg',
  'tif',
  'tiff',
  'mp4',
  'webm',
  'm3u',
  'm3u8',
  'ts',
  'blur'
] as const

/** A format a render URL may end in, lowercase. */
export type RenderFormat = (typeof RENDER_FORMATS)[number]

const KNOWN: ReadonlySet<string> = new Set(RENDER_FORMATS)

const isKnown = (format: string): format is RenderFormat => KNOWN.has(format)

/** Whether `text` (any case) names a render format. */
export const isRenderFormat = (text: string): boolean => isKnown(text.toLowerCase())

/**
 * The format an extension names, lowercased (`JPG` → `jpg`); a 400 `unsupported_format` error that
 * names the extension otherwise.
 */
export const readRenderFormat = (extension: string): RenderFormat => {
  const format = extension.toLowerCase()
  if (isKnown(format)) return format
  throw new RenderUrlError(
    'unsupported_format',
    400,
    `Unknown output format ".${extension.slice(0, 20)}"; use one of ${RENDER_FORMATS.join(', ')}.`
  )
}
