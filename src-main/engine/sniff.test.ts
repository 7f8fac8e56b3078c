import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { SNIFF_HEAD_BYTES, sniffFormat } from './sniff'
import type { SniffResult } from './sniff'

const UNKNOWN: SniffResult = {
  kind: 'unknown',
  format: 'unknown',
  mimetype: 'application/octet-stream',
  label: 'unknown'
}

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part)
    )
  )

/** An ISO-BMFF `ftyp` box with the given major and compatible brands, then some padding. */
const ftyp = (major: string, ...compatible: string[]): Buffer => {
  const size = 16 + 4 * compatible.length
  const box = Buffer.alloc(size)
  box.writeUInt32BE(size, 0)
  box.write('ftyp', 4, 'latin1')
  box.write(major, 8, 'latin1')
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'))
  return Buffer.concat([box, Buffer.alloc(64)])
}

const base = () =>
  sharp({
    create: { width: 8, height: 6, channels: 4, background: { r: 9, g: 99, b: 199, alpha: 1 } }
  })

describe('sniffFormat: formats Darkroom reads', () => {
  it.each([
    ['jpg', 'image/jpeg', 'JPEG', () => base().jpeg().toBuffer()],
    ['png', 'image/png', 'PNG', () => base().png().toBuffer()],
    ['gif', 'image/gif', 'GIF', () => base().gif().toBuffer()],
    ['webp', 'image/webp', 'WebP', () => base().webp().toBuffer()],
    ['avif', 'image/avif', 'AVIF', () => base().avif().toBuffer()],
    ['tiff', 'image/tiff', 'TIFF', () => base().tiff().toBuffer()]
  ] as const)('recognises %s encoded by sharp', async (format, mimetype, label, encode) => {
    const encoded = await encode()
    expect(sniffFormat(encoded.subarray(0, SNIFF_HEAD_BYTES))).toEqual({
      kind: 'image',
      format,
      mimetype,
      label
    })
  })

  it('recognises GIF87a and GIF89a', () => {
    expect(sniffFormat(bytes('GIF87a', [1, 0, 1, 0])).format).toBe('gif')
    expect(sniffFormat(bytes('GIF89a', [1, 0, 1, 0])).format).toBe('gif')
  })

  it.each([
    ['little-endian TIFF', bytes('II', [42, 0, 8, 0, 0, 0])],
    ['big-endian TIFF', bytes('MM', [0, 42, 0, 0, 0, 8])],
    ['little-endian BigTIFF', bytes('II', [43, 0, 8, 0, 0, 0])],
    ['big-endian BigTIFF', bytes('MM', [0, 43, 0, 8, 0, 0])]
  ])('recognises %s', (_, head) => {
    expect(sniffFormat(head).format).toBe('tiff')
  })

  it('prefers AVIF when the major brand is mif1 and avif is compatible', () => {
    expect(sniffFormat(ftyp('mif1', 'avif', 'miaf')).format).toBe('avif')
    expect(sniffFormat(ftyp('avis', 'msf1', 'miaf')).format).toBe('avif')
  })

  it.each([
    ['plain', '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'],
    ['no attributes', '<svg>\n</svg>'],
    ['newline after the name', '<svg\n  xmlns="http://www.w3.org/2000/svg"></svg>'],
    ['leading whitespace', '\n\t  <svg></svg>'],
    ['XML declaration', '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg></svg>'],
    ['comments', '<?xml version="1.0"?><!-- made by hand --><!-- <html> --><svg></svg>'],
    [
      'DOCTYPE with public id',
      '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg></svg>'
    ],
    [
      'DOCTYPE with an internal subset',
      '<!DOCTYPE svg [\n  <!ENTITY ns "http://www.w3.org/2000/svg">\n  <!ENTITY a "<b>">\n]>\n<svg xmlns="&ns;"></svg>'
    ],
    ['processing instruction', '<?xml-stylesheet href="a.css"?><svg></svg>']
  ])('recognises SVG text: %s', (_, text) => {
    expect(sniffFormat(Buffer.from(text))).toEqual({
      kind: 'image',
      format: 'svg',
      mimetype: 'image/svg+xml',
      label: 'SVG'
    })
  })

  it('recognises SVG after a UTF-8 byte order mark', () => {
    expect(sniffFormat(bytes([0xef, 0xbb, 0xbf], '<svg></svg>')).format).toBe('svg')
  })
})

describe('sniffFormat: formats Darkroom decodes itself', () => {
  it.each([
    ['HEIC (heic)', ftyp('heic', 'mif1', 'heic'), 'heic', 'image/heic', 'HEIC'],
    ['HEIC (heix)', ftyp('heix', 'mif1'), 'heic', 'image/heic', 'HEIC'],
    ['HEIC sequence (hevc)', ftyp('hevc', 'msf1'), 'heic', 'image/heic-sequence', 'HEIC'],
    ['HEIF (mif1)', ftyp('mif1', 'miaf'), 'heic', 'image/heif', 'HEIF'],
    ['HEIF sequence (msf1)', ftyp('msf1', 'iso8'), 'heic', 'image/heif-sequence', 'HEIF'],
    ['HEIC by compatible brand', ftyp('iso8', 'mif1', 'heic'), 'heic', 'image/heic', 'HEIC'],
    ['JPEG XL codestream', bytes([0xff, 0x0a, 0xfa, 0x1f]), 'jxl', 'image/jxl', 'JPEG XL'],
    [
      'JPEG XL container',
      bytes([0, 0, 0, 0x0c], 'JXL ', [0x0d, 0x0a, 0x87, 0x0a], [0, 0, 0, 0x14], 'ftypjxl '),
      'jxl',
      'image/jxl',
      'JPEG XL'
    ],
    ['PSD', bytes('8BPS', [0, 1, 0, 0, 0, 0, 0, 0]), 'psd', 'image/vnd.adobe.photoshop', 'PSD'],
    ['PSB', bytes('8BPS', [0, 2, 0, 0, 0, 0, 0, 0]), 'psd', 'image/vnd.adobe.photoshop', 'PSB'],
    ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'pdf', 'application/pdf', 'PDF'],
    ['EPS', bytes('%!PS-Adobe-3.0 EPSF-3.0\n'), 'eps', 'application/postscript', 'EPS'],
    [
      'DOS EPS binary',
      bytes([0xc5, 0xd0, 0xd3, 0xc6, 30, 0, 0, 0]),
      'eps',
      'application/postscript',
      'EPS'
    ]
  ])('recognises %s', (_, head, format, mimetype, label) => {
    expect(sniffFormat(head)).toEqual({ kind: 'image', format, mimetype, label })
  })
})

describe('sniffFormat: everything else', () => {
  const random = Buffer.alloc(4096)
  let seed = 7
  for (let i = 0; i < random.length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    random[i] = seed >>> 16
  }

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['random bytes', random],
    ['a text file', Buffer.from('Dear diary,\nthe <svg> tag is neat.\n')],
    ['HTML', Buffer.from('<!DOCTYPE html>\n<html><body><svg></svg></body></html>')],
    ['HTML starting with an svg child', Buffer.from('<!DOCTYPE html><svg></svg>')],
    ['XHTML', Buffer.from('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>')],
    ['an element whose name starts with svg', Buffer.from('<svgx></svgx>')],
    ['an unterminated comment', Buffer.from('<!-- <svg>')],
    ['an unterminated DOCTYPE subset', Buffer.from('<!DOCTYPE svg [ <!ENTITY a "b"> <svg>')],
    ['a UTF-16 SVG', Buffer.from('\ufeff<svg></svg>', 'utf16le')],
    ['an MP4', ftyp('isom', 'iso2', 'mp41')],
    ['a QuickTime movie', ftyp('qt  ', 'qt  ')],
    ['a JPEG 2000', bytes([0, 0, 0, 0x0c], 'jP  ', [0x0d, 0x0a, 0x87, 0x0a])],
    ['a WAV file', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt ')],
    ['a BMP', bytes('BM', [0x36, 0, 0, 0, 0, 0])],
    ['a ZIP', bytes('PK', [3, 4, 20, 0])],
    ['gzip (SVGZ)', bytes([0x1f, 0x8b, 8, 0])],
    ['a truncated PNG signature', bytes([0x89, 0x50, 0x4e, 0x47])],
    ['a lone JPEG SOI', bytes([0xff, 0xd8])],
    ['a short GIF header', bytes('GIF8')],
    ['a broken ftyp size', bytes([0, 0, 0, 8], 'ftypavif', [0, 0, 0, 0], 'avif')]
  ])('answers unknown for %s', (_, head) => {
    expect(sniffFormat(head)).toEqual(UNKNOWN)
  })

  it('answers unknown when the SVG prolog does not fit in the head', () => {
    const prolog = `<!-- ${'x'.repeat(SNIFF_HEAD_BYTES)} -->`
    const text = Buffer.from(`${prolog}<svg></svg>`)
    expect(sniffFormat(text.subarray(0, SNIFF_HEAD_BYTES))).toEqual(UNKNOWN)
    expect(sniffFormat(text).format).toBe('svg')
  })

  it('needs only the head: bytes after a valid signature do not matter', () => {
    expect(sniffFormat(bytes([0xff, 0xd8, 0xff], 'not really a JPEG')).format).toBe('jpg')
  })
})
