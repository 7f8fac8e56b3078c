import { decode, encode } from 'blurhash'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { blurHashOf, blurHashOfPixels } from './blurhash'

/**
 * A small image with gradients and an edge, so every component carries signal. Falling gradients
 * make the strongest component positive; rising ones make it negative.
 */
const pattern = async (width: number, height: number, rising = false): Promise<Buffer> => {
  const pixels = Buffer.alloc(width * height * 4)
  const ramp = (position: number, length: number) =>
    Math.round((255 * (rising ? position : length - 1 - position)) / length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      pixels[i] = ramp(x, width)
      pixels[i + 1] = x < width / 2 !== rising ? 200 : 30
      pixels[i + 2] = ramp(y, height)
      pixels[i + 3] = 255
    }
  }
  return pixels
}

/** Mean absolute difference between two RGBA buffers' colour channels. */
const difference = (a: Uint8ClampedArray | Buffer, b: Uint8ClampedArray | Buffer): number => {
  let sum = 0
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) sum += Math.abs((a[i + c] as number) - (b[i + c] as number))
  }
  return sum / ((a.length / 4) * 3)
}

describe('blurHashOfPixels', () => {
  it('agrees with the reference BlurHash encoder, 4 × 3 components', async () => {
    for (const [width, height] of [
      [32, 24],
      [17, 40],
      [64, 64]
    ] as const) {
      const pixels = await pattern(width, height)
      const reference = encode(new Uint8ClampedArray(pixels), width, height, 4, 3)
      expect(blurHashOfPixels(pixels, width, height, 4), `${width}x${height}`).toBe(reference)
    }
  })

  it('scales by the largest component magnitude, so a strong negative component is not clipped', async () => {
    // The C reference takes the largest absolute value; the TypeScript encoder the largest signed
    // one, which clips negative components. rokka's strings follow the C reference.
    const [width, height] = [32, 24]
    const pixels = await pattern(width, height, true)
    const ours = blurHashOfPixels(pixels, width, height, 4)
    const theirs = encode(new Uint8ClampedArray(pixels), width, height, 4, 3)
    expect(ours).not.toBe(theirs)
    const error = (hash: string) => difference(decode(hash, width, height), pixels)
    expect(error(ours)).toBeLessThan(error(theirs))
  })

  it('reads three-channel pixels as well as four', async () => {
    const rgba = await pattern(20, 10)
    const rgb = await sharp(rgba, { raw: { width: 20, height: 10, channels: 4 } }).removeAlpha().raw().toBuffer()
    expect(blurHashOfPixels(rgb, 20, 10, 3)).toBe(blurHashOfPixels(rgba, 20, 10, 4))
  })
})

describe('blurHashOf', () => {
  it('reports the full render size while hashing a small copy', async () => {
    const big = sharp(await pattern(400, 300), { raw: { width: 400, height: 300, channels: 4 } })
    const result = await blurHashOf(big)
    expect(result).toMatchObject({ width: 400, height: 300 })
    expect(result.hash).toHaveLength(28)
  })
})
