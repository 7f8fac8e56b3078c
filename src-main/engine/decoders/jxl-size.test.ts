import { describe, expect, it } from 'vitest'
import { DecodeFailure } from './decode-types'
import { encodeJxl } from './jxl-codec'
import { jxlDeclaredSize } from './jxl-size'

const encoded = async (width: number, height: number): Promise<Uint8Array> =>
  encodeJxl({ data: new Uint8Array(width * height * 4).fill(200), width, height }, { quality: 50, effort: 1 })

/** The ISO-BMFF container around a codestream, split over two `jxlp` boxes when asked. */
const contained = (codestream: Uint8Array, split: boolean): Buffer => {
  const box = (type: string, payload: Uint8Array) => {
    const header = Buffer.alloc(8)
    header.writeUInt32BE(8 + payload.length)
    header.write(type, 4, 'latin1')
    return Buffer.concat([header, payload])
  }
  const signature = box('JXL ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a]))
  const ftyp = box('ftyp', Buffer.from('jxl \0\0\0\0jxl ', 'latin1'))
  if (!split) return Buffer.concat([signature, ftyp, box('jxlc', codestream)])
  const half = codestream.length >> 1
  const part = (index: number, bytes: Uint8Array) => box('jxlp', Buffer.concat([Buffer.from([0, 0, 0, index]), bytes]))
  return Buffer.concat([signature, ftyp, part(0, codestream.subarray(0, half)), part(0x80 | 1, codestream.subarray(half))])
}

describe('jxlDeclaredSize', () => {
  // small sizes (multiples of 8 up to 256), every aspect-ratio code, and each width of U32 field
  it.each([
    [1, 1],
    [8, 8],
    [64, 256],
    [120, 80],
    [100, 75],
    [160, 90],
    [125, 100],
    [240, 120],
    [120, 100],
    [257, 123],
    [9000, 3],
    [3, 9000]
  ])('reads %i × %i from what libjxl wrote', async (width, height) => {
    const codestream = await encoded(width, height)
    expect(jxlDeclaredSize(codestream)).toEqual({ width, height })
    expect(jxlDeclaredSize(contained(codestream, false))).toEqual({ width, height })
    expect(jxlDeclaredSize(contained(codestream, true))).toEqual({ width, height })
  })

  it('refuses a codestream that ends inside its size header', async () => {
    const codestream = await encoded(257, 123)
    expect(() => jxlDeclaredSize(codestream.subarray(0, 3))).toThrow(DecodeFailure)
  })

  it('refuses a container without a codestream box', () => {
    const empty = contained(new Uint8Array(0), false).subarray(0, 32)
    expect(() => jxlDeclaredSize(empty)).toThrow(/holds no codestream/)
  })
})
