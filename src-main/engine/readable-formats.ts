import type { ReadableFormat } from './sniff'

/** Every source format Darkroom reads, as rokka names them, with names for people. */
export const READABLE_FORMATS: readonly { format: ReadableFormat; name: string }[] = [
  { format: 'png', name: 'PNG' },
  { format: 'jpg', name: 'JPEG' },
  { format: 'gif', name: 'GIF' },
  { format: 'webp', name: 'WebP' },
  { format: 'avif', name: 'AVIF' },
  { format: 'tiff', name: 'TIFF' },
  { format: 'svg', name: 'SVG' },
  { format: 'heic', name: 'HEIC/HEIF' },
  { format: 'jxl', name: 'JPEG XL' },
  { format: 'psd', name: 'PSD/PSB' },
  { format: 'pdf', name: 'PDF' },
  { format: 'eps', name: 'EPS' }
]

const names = READABLE_FORMATS.map((entry) => entry.name)

/** The 400 message for a file that is no image at all. */
export const NOT_AN_IMAGE = `The file is not an image Darkroom can read; upload ${names.slice(0, -1).join(', ')} or ${names.at(-1)}.`
