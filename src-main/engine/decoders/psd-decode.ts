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
