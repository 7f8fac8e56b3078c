import { createRequire } from 'node:module'
import { checkDeclaredSize } from './declared-size'
import { DecodeFailure, type DecodedPixels } from './decode-types'
import { gridTilesRefusal } from './heif-tiles'

/** The parts of libheif-js's API Darkroom uses. */
interface HeifImage {
  get_width(): number
  get_height(): number
  is_primary(): boolean
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void
  free(): void
}
interface Libheif {
  HeifDecoder: new () => { decode(bytes: Uint8Array): HeifImage[] }
}

let libheif: Libheif | null = null
// The bundle inlines its WebAssembly, so nothing is fetched or located at run time.
const load = (): Libheif => (libheif ??= createRequire(import.meta.url)('libheif-js/wasm-bundle') as Libheif)

const damaged = (why: string) => new DecodeFailure('invalid', `The HEIC file is truncated or damaged (${why}).`)

/** Decodes the primary image of a HEIC/HEIF file (HEVC) to RGBA with libheif. */
export const decodeHeif = async (bytes: Uint8Array, maxPixels: number): Promise<DecodedPixels> => {
  const refusal = gridTilesRefusal(bytes, 'HEIC')
  if (refusal) throw new DecodeFailure('too_large', refusal)
  const images = new (load().HeifDecoder)().decode(bytes)
  try {
    const image = images.find((candidate) => candidate.is_primary()) ?? images[0]
    if (!image) throw damaged('libheif finds no image in it')
    const width = image.get_width()
    const height = image.get_height()
    checkDeclaredSize('HEIC', width, height, maxPixels)
    const target = { data: new Uint8ClampedArray(width * height * 4), width, height }
    const decoded = await new Promise<unknown>((resolve) => image.display(target, resolve))
    if (!decoded) throw damaged('its image data cannot be decoded')
    return {
      data: new Uint8Array(target.data.buffer),
      width,
      height,
      channels: 4,
      ...(images.length > 1 ? { pages: images.length } : {})
    }
  } finally {
    for (const image of images) image.free()
  }
}
