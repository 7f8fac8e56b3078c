import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat, makeQuadrants, pixelAt, renderedPng } from '../testing/images'
import { grayscaleOperation } from './grayscale'

const greyed = async (input: Buffer) => {
  const ctx = await contextFor(input)
  await grayscaleOperation.apply(ctx, {})
  return renderedPng(ctx)
}

/** libvips' grey value of a colour, from a plain sharp greyscale conversion. */
const greyOf = async (colour: string): Promise<number> => {
  const data = await sharp({ create: { width: 1, height: 1, channels: 3, background: colour } })
    .grayscale()
    .raw()
    .toBuffer()
  return data[0] ?? -1
}

describe('grayscale', () => {
  it('makes R = G = B with libvips luminance in every quadrant', async () => {
    const output = await greyed(await makeQuadrants(40, 40))
    const expected = await Promise.all(['#ff0000', '#00ff00', '#0000ff', '#ffff00'].map(greyOf))
    const spots: Array<[number, number]> = [
      [5, 5],
      [35, 5],
      [5, 35],
      [35, 35]
    ]
    for (const [index, [x, y]] of spots.entries()) {
      const [r, g, b, a] = await pixelAt(output, x, y)
      expect(r).toBe(g)
      expect(g).toBe(b)
      expect(a).toBe(255)
      expect(Math.abs(r - (expected[index] ?? -1))).toBeLessThanOrEqual(1)
    }
    // green is far brighter than blue to the eye
    expect((await pixelAt(output, 35, 5))[0]).toBeGreaterThan(
      (await pixelAt(output, 5, 35))[0] + 100
    )
  })

  it('keeps three channels and the alpha channel', async () => {
    const output = await greyed(await makeFlat(4, 4, 'rgba(255, 0, 0, 0.5)', 4))
    const [r, g, b, a] = await pixelAt(output, 1, 1)
    expect([r, g]).toEqual([b, b])
    expect(a).toBe(128)
    expect((await sharp(output).metadata()).channels).toBe(4)
  })

  it('greys every frame of an animation', async () => {
    const ctx = await contextFor(await makeAnimated(8, 8, ['#ff0000', '#0000ff']), {
      animated: true
    })
    await grayscaleOperation.apply(ctx, {})
    const frame = await ctx.raw()
    expect(frame.pages).toBe(2)
    const red = await greyOf('#ff0000')
    const blue = await greyOf('#0000ff')
    expect(framePixel(frame, 0, 4, 4).slice(0, 3)).toEqual([red, red, red])
    expect(framePixel(frame, 1, 4, 4).slice(0, 3)).toEqual([blue, blue, blue])
  })
})
