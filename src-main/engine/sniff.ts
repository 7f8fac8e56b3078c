import type { DecodedFormat } from './decoders/decode-types'

/** Formats sharp (libvips) decodes, as rokka spells them (file-extension style). */
export type SharpFormat = 'jpg' | 'png' | 'gif' | 'webp' | 'avif' | 'tiff' | 'svg'

/** Formats Darkroom can decode: sharp's, and those its own decoders read (engine/decoders). */
export type ReadableFormat = SharpFormat | DecodedFormat

/** Formats rokka accepts but Darkroom cannot decode yet: none at present. */
export type UnsupportedFormat = never

/** An image Darkroom can decode. */
export interface ReadableSniff {
  kind: 'image'
  /** rokka's `format` field, e.g. `jpg`. */
  format: ReadableFormat
  /** rokka's `mimetype` field, e.g. `image/jpeg`. */
  mimetype: string
  /** Name for people, e.g. `JPEG`, used in error messages. */
  label: string
}

/** A format rokka accepts that Darkroom recognises but cannot decode yet. */
export interface UnsupportedSniff {
  kind: 'unsupported'
  format: UnsupportedFormat
  mimetype: string
  /** Name for people, e.g. `JPEG XL`; pass it to the `unsupportedFormat` error factory. */
  label: string
}

/** Bytes that match no known image signature (text, HTML, video, random data…). */
export interface UnknownSniff {
  kind: 'unknown'
  format: 'unknown'
  mimetype: 'application/octet-stream'
  label: 'unknown'
}

/** What the first bytes of a file say it is. */
export type SniffResult = ReadableSniff | UnsupportedSniff | UnknownSniff

/**
 * How many leading bytes `sniffFormat` wants. Binary signatures need 32; the rest leaves room
 * for an SVG prolog (XML declaration, comments, a DOCTYPE with an internal subset).
 */
export const SNIFF_HEAD_BYTES = 8192

const UNKNOWN: UnknownSniff = {
  kind: 'unknown',
  format: 'unknown',
  mimetype: 'application/octet-stream',
  label: 'unknown'
}

const image = (format: ReadableFormat, mimetype: string, label: string): ReadableSniff => ({
  kind: 'image',
  format,
  mimetype,
  label
})

const startsWith = (head: Buffer, bytes: readonly number[], offset = 0): boolean =>
  head.length >= offset + bytes.length && bytes.every((byte, i) => head[offset + i] === byte)

const ascii = (head: Buffer, start: number, end: number): string =>
  head.length >= end ? head.toString('latin1', start, end) : ''

const JXL_CONTAINER = [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a]
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis'])
const HEIC_SEQUENCE_BRANDS = new Set(['hevc', 'hevx', 'hevm', 'hevs'])
const HEIF_BRANDS = new Set(['mif1', 'mif2'])
const HEIF_SEQUENCE_BRANDS = new Set(['msf1'])

/** Major and compatible brands of a leading ISO-BMFF `ftyp` box, or none. */
const ftypBrands = (head: Buffer): string[] => {
  if (ascii(head, 4, 8) !== 'ftyp') return []
  const declared = head.readUInt32BE(0)
  if (declared !== 0 && declared < 16) return []
  const end = Math.min(declared === 0 ? head.length : declared, head.length)
  const brands = [ascii(head, 8, 12)]
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(head, at, at + 4))
  return brands
}

const sniffIsoMedia = (head: Buffer): SniffResult => {
  const brands = ftypBrands(head)
  const has = (set: ReadonlySet<string>): boolean => brands.some((brand) => set.has(brand))
  // AVIF files often list mif1/miaf too, so the AV1 brands must win over the HEIF ones.
  if (brands.includes('avif') || brands.includes('avis')) return image('avif', 'image/avif', 'AVIF')
  if (brands.includes('jxl ')) return image('jxl', 'image/jxl', 'JPEG XL')
  if (has(HEIC_BRANDS)) return image('heic', 'image/heic', 'HEIC')
  if (has(HEIC_SEQUENCE_BRANDS)) return image('heic', 'image/heic-sequence', 'HEIC')
  if (has(HEIF_BRANDS)) return image('heic', 'image/heif', 'HEIF')
  if (has(HEIF_SEQUENCE_BRANDS)) return image('heic', 'image/heif-sequence', 'HEIF')
  return UNKNOWN
}

const XML_SPACE = /[\t\n\r ]/
const SVG_DOCTYPE = /^<!DOCTYPE[\t\n\r ]+svg[\t\n\r >[]/i
const SVG_ROOT = /^<svg[\t\n\r />]/

/** Index just past `close` searched from `from`, or -1 when the head ends first. */
const after = (text: string, close: string, from: number): number => {
  const at = text.indexOf(close, from)
  return at === -1 ? -1 : at + close.length
}

/** End of a `<!DOCTYPE svg …>` declaration, skipping an internal subset in brackets. */
const doctypeEnd = (text: string, from: number): number => {
  const bracket = text.indexOf('[', from)
  const close = text.indexOf('>', from)
  if (close === -1) return -1
  if (bracket === -1 || bracket > close) return close + 1
  const subset = /\][\t\n\r ]*>/g
  subset.lastIndex = bracket
  const match = subset.exec(text)
  return match === null ? -1 : match.index + match[0].length
}

/** True when the text, after its prolog, opens an `<svg>` root element. */
const isSvgText = (head: Buffer): boolean => {
  const bom = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0
  const text = head.toString('utf8', bom)
  let at = 0
  for (;;) {
    while (at < text.length && XML_SPACE.test(text.charAt(at))) at += 1
    const rest = text.slice(at, at + 64)
    let next: number
    if (rest.startsWith('<?')) next = after(text, '?>', at + 2)
    else if (rest.startsWith('<!--')) next = after(text, '-->', at + 4)
    else if (SVG_DOCTYPE.test(rest)) next = doctypeEnd(text, at)
    else return SVG_ROOT.test(rest)
    if (next === -1) return false
    at = next
  }
}

/**
 * Decides an upload's format from its first bytes only; names and Content-Type are never trusted.
 * Pass at least `SNIFF_HEAD_BYTES` bytes when the file is that long (fewer only limits SVG prologs).
 * UTF-16 and gzip-compressed SVG are not recognised.
 */
export const sniffFormat = (head: Buffer): SniffResult => {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return image('jpg', 'image/jpeg', 'JPEG')
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return image('png', 'image/png', 'PNG')
  }
  const first4 = ascii(head, 0, 4)
  const first6 = ascii(head, 0, 6)
  if (first6 === 'GIF87a' || first6 === 'GIF89a') return image('gif', 'image/gif', 'GIF')
  if (first4 === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return image('webp', 'image/webp', 'WebP')
  if (first4 === 'II*\0' || first4 === 'MM\0*' || first4 === 'II+\0' || first4 === 'MM\0+') {
    return image('tiff', 'image/tiff', 'TIFF')
  }
  if (startsWith(head, JXL_CONTAINER) || startsWith(head, [0xff, 0x0a])) {
    return image('jxl', 'image/jxl', 'JPEG XL')
  }
  if (ascii(head, 4, 8) === 'ftyp') return sniffIsoMedia(head)
  if (first4 === '8BPS') {
    const psb = head[4] === 0x00 && head[5] === 0x02
    return image('psd', 'image/vnd.adobe.photoshop', psb ? 'PSB' : 'PSD')
  }
  if (ascii(head, 0, 5) === '%PDF-') return image('pdf', 'application/pdf', 'PDF')
  if (first4 === '%!PS' || startsWith(head, [0xc5, 0xd0, 0xd3, 0xc6])) {
    return image('eps', 'application/postscript', 'EPS')
  }
  if (isSvgText(head)) return image('svg', 'image/svg+xml', 'SVG')
  return UNKNOWN
}
