import { DecodeFailure } from './decode-types'

/** Reads bits least-significant first, as JPEG XL codestreams are packed. */
class BitReader {
  private at = 0
  constructor(private readonly bytes: Uint8Array) {}

  read(count: number): number {
    let value = 0
    for (let i = 0; i < count; i += 1, this.at += 1) {
      const byte = this.bytes[this.at >> 3]
      if (byte === undefined) throw new DecodeFailure('invalid', 'The JPEG XL file is truncated or damaged (its header ends early).')
      value += ((byte >> (this.at & 7)) & 1) * 2 ** i
    }
    return value
  }
}

/** A SizeHeader dimension not divisible by 8: a 2-bit selector picks how many bits follow. */
const DIMENSION_BITS = [9, 13, 18, 30] as const
const sizeU32 = (bits: BitReader): number => bits.read(DIMENSION_BITS[bits.read(2)] as number) + 1

/** Width over height for the ratio codes 1–7 of a SizeHeader. */
const RATIOS: readonly (readonly [number, number])[] = [
  [1, 1],
  [12, 10],
  [4, 3],
  [3, 2],
  [16, 9],
  [5, 4],
  [2, 1]
]

/** The SizeHeader right after a codestream's 0xFF0A signature. */
const codestreamSize = (codestream: Uint8Array): { width: number; height: number } => {
  if (codestream[0] !== 0xff || codestream[1] !== 0x0a) {
    throw new DecodeFailure('invalid', 'The JPEG XL file is truncated or damaged (no codestream signature).')
  }
  const bits = new BitReader(codestream.subarray(2))
  const small = bits.read(1) === 1
  const height = small ? (bits.read(5) + 1) * 8 : sizeU32(bits)
  const ratio = bits.read(3)
  if (ratio === 0) {
    const width = small ? (bits.read(5) + 1) * 8 : sizeU32(bits)
    return { width, height }
  }
  const [num, den] = RATIOS[ratio - 1] as readonly [number, number]
  return { width: Math.floor((height * num) / den), height }
}

/** The first codestream bytes of an ISO-BMFF JPEG XL container (`jxlc`, or the first `jxlp`). */
const containerCodestream = (file: Uint8Array): Uint8Array => {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  let at = 0
  while (at + 8 <= file.length) {
    let size = view.getUint32(at)
    const type = String.fromCharCode(...file.subarray(at + 4, at + 8))
    let header = 8
    if (size === 1) {
      if (at + 16 > file.length) break
      size = Number(view.getBigUint64(at + 8))
      header = 16
    } else if (size === 0) {
      size = file.length - at
    }
    if (size < header) break
    if (type === 'jxlc') return file.subarray(at + header, at + size)
    if (type === 'jxlp') return file.subarray(at + header + 4, at + size)
    at += size
  }
  throw new DecodeFailure('invalid', 'The JPEG XL file is truncated or damaged (its container holds no codestream).')
}

/** Width and height a JPEG XL file declares (before orientation), read without decoding. */
export const jxlDeclaredSize = (file: Uint8Array): { width: number; height: number } =>
  codestreamSize(file[0] === 0xff ? file : containerCodestream(file))
