import { crc32, deflateRawSync, deflateSync, constants } from 'node:zlib'

/** Hand-made hostile files: each builder writes the bytes the test-plan row describes. */

const u32 = (value: number): Buffer => {
  const out = Buffer.alloc(4)
  out.writeUInt32BE(value >>> 0)
  return out
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** One PNG chunk with its length and CRC (a wrong CRC on request). */
export const pngChunk = (type: string, data: Buffer, options: { badCrc?: boolean } = {}): Buffer => {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = crc32(typed)
  return Buffer.concat([u32(data.length), typed, u32(options.badCrc ? crc ^ 0xdeadbeef : crc)])
}

/** IHDR of a `bitDepth`-bit greyscale (colour type 0) or RGB (2) image. */
const ihdr = (width: number, height: number, bitDepth = 8, colourType = 0): Buffer => {
  const data = Buffer.alloc(13)
  data.writeUInt32BE(width, 0)
  data.writeUInt32BE(height, 4)
  data[8] = bitDepth
  data[9] = colourType
  return data
}

/** A PNG made of its chunks: IHDR, then `chunks` (IDAT among them), then IEND. */
export const pngOf = (width: number, height: number, chunks: Buffer[], depth = 8, colourType = 0): Buffer =>
  Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr(width, height, depth, colourType)), ...chunks, pngChunk('IEND', Buffer.alloc(0))])

/** A valid 1-bit greyscale PNG of one colour: tiny on disk however large it declares itself. */
export const flatPng = (width: number, height: number): Buffer => {
  const row = Buffer.alloc(1 + Math.ceil(width / 8)) // filter byte 0, all pixels black
  const raw = Buffer.alloc(row.length * height)
  return pngOf(width, height, [pngChunk('IDAT', deflateSync(raw, { level: 9 }))], 1)
}

/** B5: a header declaring 65535 × 65535 followed by a minimal IDAT. */
export const hugeHeaderPng = (): Buffer => pngOf(65535, 65535, [pngChunk('IDAT', deflateSync(Buffer.alloc(1)))])

/** B6a: a small PNG carrying `count` tEXt chunks before its pixels. */
export const manyTextChunksPng = (count: number): Buffer => {
  const texts = Array.from({ length: count }, (_, i) => pngChunk('tEXt', Buffer.from(`Comment\0note ${i}`, 'latin1')))
  const raw = Buffer.alloc((1 + 8) * 8)
  return pngOf(8, 8, [...texts, pngChunk('IDAT', deflateSync(raw))])
}

/**
 * A zlib stream that inflates to `gigabytes` GB of zeros, built without deflating them all:
 * one flushed 16 MB block repeated (full flushes keep copies independent), a final empty
 * block, and the Adler-32 of that many zeros worked out directly.
 */
export const zlibBomb = (gigabytes: number): Buffer => {
  const chunkBytes = 16 * 1024 * 1024
  const copies = Math.round((gigabytes * 1024 * 1024 * 1024) / chunkBytes)
  const block = deflateRawSync(Buffer.alloc(chunkBytes), { level: 9, finishFlush: constants.Z_FULL_FLUSH })
  const total = BigInt(copies) * BigInt(chunkBytes)
  const adler = (Number(total % 65521n) << 16) | 1 // a = 1 + 0s, b = n × a
  const blocks = Buffer.concat(Array.from({ length: copies }, () => block))
  return Buffer.concat([Buffer.from([0x78, 0xda]), blocks, Buffer.from([0x03, 0x00]), u32(adler)])
}

/** B6b: one zTXt chunk whose text inflates to about 1 GB. */
export const zTxtBombPng = (): Buffer => {
  const text = Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), zlibBomb(1)])
  const raw = Buffer.alloc((1 + 8) * 8)
  return pngOf(8, 8, [pngChunk('zTXt', text), pngChunk('IDAT', deflateSync(raw))])
}

/** B7: a valid small PNG whose every chunk CRC is wrong. */
export const badCrcPng = (): Buffer => {
  const raw = Buffer.alloc((1 + 16) * 16, 0x80)
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr(16, 16), { badCrc: true }),
    pngChunk('IDAT', deflateSync(raw), { badCrc: true }),
    pngChunk('IEND', Buffer.alloc(0), { badCrc: true })
  ])
}

const le16 = (value: number): Buffer => {
  const out = Buffer.alloc(2)
  out.writeUInt16LE(value)
  return out
}

// One pixel of colour index 0, LZW with minimum code size 2: codes clear(4), 0, end(5) in 3 bits.
const ONE_PIXEL_LZW = Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00])

const gifFrame = (left: number, top: number, width: number, height: number, lzw = ONE_PIXEL_LZW): Buffer =>
  Buffer.concat([
    Buffer.from([0x21, 0xf9, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00]), // graphic control: 10 ms delay
    Buffer.from([0x2c]),
    le16(left),
    le16(top),
    le16(width),
    le16(height),
    Buffer.from([0x00]),
    lzw
  ])

/** A GIF with a two-colour palette, a looping extension and `frames` frames. */
export const gifOf = (screenWidth: number, screenHeight: number, frames: Buffer[]): Buffer =>
  Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    le16(screenWidth),
    le16(screenHeight),
    Buffer.from([0x80, 0x00, 0x00]), // global table of 2 colours
    Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff, 0xff]),
    Buffer.from([0x21, 0xff, 0x0b]),
    Buffer.from('NETSCAPE2.0', 'latin1'),
    Buffer.from([0x03, 0x01, 0x00, 0x00, 0x00]),
    ...frames,
    Buffer.from([0x3b])
  ])

/** B8: `count` frames of 1 × 1. */
export const manyFramesGif = (count: number): Buffer =>
  gifOf(1, 1, Array.from({ length: count }, () => gifFrame(0, 0, 1, 1)))

/** B9: `count` frames on a `side` × `side` screen (each drawn from one pixel, so the file stays small). */
export const bigFramesGif = (count: number, side: number): Buffer =>
  gifOf(side, side, Array.from({ length: count }, () => gifFrame(0, 0, 1, 1)))

/** B10: a 1 × 1 logical screen holding one 60000 × 60000 frame. */
export const oversizedFrameGif = (): Buffer => gifOf(1, 1, [gifFrame(0, 0, 60000, 60000)])

interface JpegSegment {
  marker: number
  /** The whole segment, marker included; for SOS also the entropy-coded data after it. */
  bytes: Buffer
}

/** Splits a JPEG into its marker segments (scans keep their entropy-coded data). */
export const jpegSegments = (jpeg: Buffer): JpegSegment[] => {
  const segments: JpegSegment[] = [{ marker: 0xd8, bytes: jpeg.subarray(0, 2) }]
  let at = 2
  while (at < jpeg.length) {
    const marker = jpeg[at + 1] as number
    if (marker === 0xd9) {
      segments.push({ marker, bytes: jpeg.subarray(at, at + 2) })
      break
    }
    let end = at + 2 + jpeg.readUInt16BE(at + 2)
    if (marker === 0xda) {
      while (end < jpeg.length - 1) {
        const next = jpeg[end + 1] as number
        if (jpeg[end] === 0xff && next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break
        end += 1
      }
    }
    segments.push({ marker, bytes: jpeg.subarray(at, end) })
    at = end
  }
  return segments
}

/** B11: a progressive JPEG whose last scan is repeated until it has `scans` scans. */
export const manyScansJpeg = (progressive: Buffer, scans: number): Buffer => {
  const segments = jpegSegments(progressive)
  const sos = segments.filter((segment) => segment.marker === 0xda)
  const last = sos[sos.length - 1]
  if (!last) throw new Error('not a progressive JPEG')
  const extra = Array.from({ length: Math.max(0, scans - sos.length) }, () => last.bytes)
  const eoi = segments.length - 1
  return Buffer.concat([...segments.slice(0, eoi).map((s) => s.bytes), ...extra, (segments[eoi] as JpegSegment).bytes])
}

/** An APP segment: marker, length, payload (at most 65533 bytes). */
export const appSegment = (marker: number, payload: Buffer): Buffer => {
  const head = Buffer.from([0xff, marker, 0, 0])
  head.writeUInt16BE(payload.length + 2, 2)
  return Buffer.concat([head, payload])
}

/** An EXIF APP1 payload: Orientation `orientation` and an ImageDescription of `descriptionBytes`. */
export const exifPayload = (orientation: number, descriptionBytes: number): Buffer => {
  const description = Buffer.alloc(descriptionBytes, 0x41)
  description[descriptionBytes - 1] = 0
  const entries = 2
  const ifdSize = 2 + entries * 12 + 4
  const tiff = Buffer.alloc(8 + ifdSize)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4)
  tiff.writeUInt16BE(entries, 8)
  // 0x010e ImageDescription, ASCII, stored after the IFD
  tiff.writeUInt16BE(0x010e, 10)
  tiff.writeUInt16BE(2, 12)
  tiff.writeUInt32BE(descriptionBytes, 14)
  tiff.writeUInt32BE(8 + ifdSize, 18)
  // 0x0112 Orientation, SHORT, value inline
  tiff.writeUInt16BE(0x0112, 22)
  tiff.writeUInt16BE(3, 24)
  tiff.writeUInt32BE(1, 26)
  tiff.writeUInt16BE(orientation, 30)
  tiff.writeUInt32BE(0, 34) // no next IFD
  return Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, description])
}

/** Puts `segments` right after a JPEG's SOI marker. */
export const withSegments = (jpeg: Buffer, segments: Buffer[]): Buffer =>
  Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)])

interface IfdEntry {
  tag: number
  type: number
  value: number
}

const tiffIfd = (entries: IfdEntry[], next: number): Buffer => {
  const out = Buffer.alloc(2 + entries.length * 12 + 4)
  out.writeUInt16LE(entries.length, 0)
  entries.forEach((entry, i) => {
    const at = 2 + i * 12
    out.writeUInt16LE(entry.tag, at)
    out.writeUInt16LE(entry.type, at + 2)
    out.writeUInt32LE(1, at + 4)
    if (entry.type === 3) out.writeUInt16LE(entry.value, at + 8)
    else out.writeUInt32LE(entry.value, at + 8)
  })
  out.writeUInt32LE(next, 2 + entries.length * 12)
  return out
}

const IFD_BYTES = 2 + 10 * 12 + 4

/** `pages` 1 × 1 greyscale pages sharing one strip; `cyclic` points the last IFD back to the first. */
export const tiffPages = (pages: number, cyclic: boolean): Buffer => {
  const stripAt = 8
  const firstIfd = 10
  const ifds = Array.from({ length: pages }, (_, i) => {
    const next = i + 1 < pages ? firstIfd + (i + 1) * IFD_BYTES : cyclic ? firstIfd : 0
    return tiffIfd(
      [
        { tag: 256, type: 3, value: 1 }, // width
        { tag: 257, type: 3, value: 1 }, // height
        { tag: 258, type: 3, value: 8 }, // bits per sample
        { tag: 259, type: 3, value: 1 }, // no compression
        { tag: 262, type: 3, value: 1 }, // black is zero
        { tag: 273, type: 4, value: stripAt },
        { tag: 277, type: 3, value: 1 }, // samples per pixel
        { tag: 278, type: 3, value: 1 }, // rows per strip
        { tag: 279, type: 4, value: 1 }, // strip byte count
        { tag: 284, type: 3, value: 1 } // planar config
      ],
      next
    )
  })
  const header = Buffer.from([0x49, 0x49, 42, 0, firstIfd, 0, 0, 0, 0x80, 0x00])
  return Buffer.concat([header, ...ifds])
}
