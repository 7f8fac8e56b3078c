import { initializeCanvas, readPsd } from 'ag-psd'
import { checkDeclaredSize } from './declared-size'
import { DecodeFailure, type DecodedPixels } from './decode-types'

/** ag-psd builds pixels through a canvas API; Node has none, and plain arrays are all it needs. */
let ready = false
const prepare = (): void => {
  if (ready) return
  initializeCanvas(
    () => {
      throw new Error('Darkroom reads PSD pixels without a canvas')
    },
    (width, height) =>
      ({ width, height, data: new Uint8ClampedArray(width * height * 4) }) as unknown as ReturnType<
        NonNullable<Parameters<typeof initializeCanvas>[1]>
      >
  )
  ready = true
}

const damaged = (label: string, why: string) =>
  new DecodeFailure('invalid', `The ${label} file is truncated or damaged (${why}).`)

/** Checks the fixed 26-byte header, and the declared size before any pixel is read. */
const checkHeader = (bytes: Uint8Array, maxPixels: number): string => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = bytes.length >= 26 ? view.getUint16(4) : 0
  const label = version === 2 ? 'PSB' : 'PSD'
  if (bytes.length < 26) throw damaged(label, 'its header ends early')
  if (version !== 1 && version !== 2) throw damaged(label, `unknown version ${version}`)
  checkDeclaredSize(label, view.getUint32(18), view.getUint32(14), maxPixels)
  return label
}

/**
 * Walks the sections after the header (colour mode data, image resources, layers and masks) to
 * the flattened image data and checks that the file holds all of it: ag-psd reads past the end
 * of a cut file without complaint.
 */
const checkComplete = (bytes: Uint8Array, label: string): void => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const psb = label === 'PSB'
  const channels = view.getUint16(12)
  const height = view.getUint32(14)
  const width = view.getUint32(18)
  const depth = view.getUint16(22)
  let at = 26
  for (const lengthBytes of [4, 4, psb ? 8 : 4]) {
    if (at + lengthBytes > bytes.length) throw damaged(label, 'it ends before its image data')
    const length = lengthBytes === 8 ? Number(view.getBigUint64(at)) : view.getUint32(at)
    at += lengthBytes + length
  }
  if (at + 2 > bytes.length) throw damaged(label, 'it ends before its image data')
  const compression = view.getUint16(at)
  at += 2
  const rows = height * channels
  if (compression === 0) {
    if (at + rows * Math.ceil((width * depth) / 8) > bytes.length) throw damaged(label, 'its image data is cut short')
  } else if (compression === 1) {
    // RLE: a table of each row's packed length, then the rows.
    const entry = psb ? 4 : 2
    if (at + rows * entry > bytes.length) throw damaged(label, 'its image data is cut short')
    let packed = 0
    for (let row = 0; row < rows; row += 1) {
      packed += psb ? view.getUint32(at + row * entry) : view.getUint16(at + row * entry)
    }
    if (at + rows * entry + packed > bytes.length) throw damaged(label, 'its image data is cut short')
  } else if (compression > 3) {
    throw damaged(label, `unknown compression ${compression}`)
  }
}

/** 16- and 32-bit composites come back as wider arrays; renders work in 8 bits. */
const toEightBit = (data: ArrayLike<number> & { BYTES_PER_ELEMENT: number }): Uint8Array => {
  if (data instanceof Uint8ClampedArray || data instanceof Uint8Array) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  }
  const out = new Uint8Array(data.length)
  if (data instanceof Float32Array) {
    for (let i = 0; i < data.length; i += 1) out[i] = Math.round(Math.min(1, Math.max(0, data[i] as number)) * 255)
  } else {
    for (let i = 0; i < data.length; i += 1) out[i] = (data[i] as number) >> 8
  }
  return out
}

/** Reads the flattened composite of a PSD or PSB (layers are not decoded) as RGBA. */
export const decodePsd = (bytes: Uint8Array, maxPixels: number): DecodedPixels => {
  const label = checkHeader(bytes, maxPixels)
  checkComplete(bytes, label)
  prepare()
  let psd: ReturnType<typeof readPsd>
  try {
    psd = readPsd(bytes, {
      skipLayerImageData: true,
      skipThumbnail: true,
      skipLinkedFilesData: true,
      useImageData: true
    })
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/[.\s]+$/, '').slice(0, 200) : 'unreadable'
    throw damaged(label, reason)
  }
  const composite = psd.imageData as
    | { width: number; height: number; data: Uint8ClampedArray | Uint16Array | Float32Array }
    | undefined
  if (!composite) throw damaged(label, 'it has no flattened image')
  return { data: toEightBit(composite.data), width: composite.width, height: composite.height, channels: 4 }
}
