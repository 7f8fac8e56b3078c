import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import decode, { init as initDecoderOptions } from '@jsquash/jxl/decode.js'
import encode, { init as initEncoderOptions } from '@jsquash/jxl/encode.js'
import { checkDeclaredSize } from './declared-size'
import { DecodeFailure, type DecodedPixels } from './decode-types'
import { jxlDeclaredSize } from './jxl-size'

const codecFile = (relative: string): string =>
  createRequire(import.meta.url).resolve(`@jsquash/jxl/${relative}`)

// jSquash fetches its .wasm by URL, which Node cannot do for files; compile it from disk instead.
let decoderReady: Promise<unknown> | null = null
let encoderReady: Promise<unknown> | null = null
// Node's WebAssembly global, which the ES2023 library typings do not describe.
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: { compile(bytes: Uint8Array): Promise<object> }
}
const compile = async (relative: string) => wasm.compile(await readFile(codecFile(relative)))
// Their `init` also takes a compiled module first, which the published typings leave out.
type InitWithModule = (module: object) => Promise<unknown>
const initDecoder = initDecoderOptions as unknown as InitWithModule
const initEncoder = initEncoderOptions as unknown as InitWithModule

/** Decodes a JPEG XL file (bare codestream or ISO-BMFF container) to RGBA with libjxl. */
export const decodeJxl = async (bytes: Uint8Array, maxPixels: number): Promise<DecodedPixels> => {
  const declared = jxlDeclaredSize(bytes)
  checkDeclaredSize('JPEG XL', declared.width, declared.height, maxPixels)
  decoderReady ??= compile('codec/dec/jxl_dec.wasm').then((module) => initDecoder(module))
  await decoderReady
  let image: { data: Uint8ClampedArray; width: number; height: number }
  try {
    image = await decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)
  } catch {
    throw new DecodeFailure('invalid', 'The JPEG XL file is truncated or damaged (libjxl cannot decode it).')
  }
  return { data: new Uint8Array(image.data.buffer), width: image.width, height: image.height, channels: 4 }
}

/** Encodes RGBA pixels as a JPEG XL codestream. */
export const encodeJxl = async (
  pixels: { data: Uint8Array; width: number; height: number },
  settings: { quality: number; effort: number }
): Promise<Uint8Array> => {
  encoderReady ??= compile('codec/enc/jxl_enc.wasm').then((module) => initEncoder(module))
  await encoderReady
  const data = new Uint8ClampedArray(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength)
  const lossless = settings.quality >= 100
  const encoded = await encode(
    { data, width: pixels.width, height: pixels.height, colorSpace: 'srgb' },
    { quality: Math.min(100, settings.quality), effort: settings.effort, lossless }
  )
  return new Uint8Array(encoded)
}
