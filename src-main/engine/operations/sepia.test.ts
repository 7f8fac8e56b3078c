import { describe, expect, it } from 'vitest'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat, pixelAt, renderedPng } from '../testing/images'
import { sepiaOperation } from './sepia'

const toned = async (input: Buffer) => {
  const ctx = await contextFor(input)
  await sepiaOperation.apply(ctx, {})
  return renderedPng(ctx)
}

const expectNear = (actual: number[], expected: number[]) =>
  actual.forEach((value, i) =>
    expect(Math.abs(value - (expected[i] ?? -99))).toBeLessThanOrEqual(1)
  )

describe('sepia', () => {
  it('tints grey 100 by the sepia weights (135, 120, 94)', async () => {
    // row sums of the matrix: 1.351, 1.203, 0.937
    expectNear(
      await pixelAt(await toned(await makeFlat(4, 4, '#646464')), 1, 1),
      [135, 120, 94, 255]
    )
  })

  it('turns white into a light cream, clipping red and green', async () => {
    expectNear(
      await pixelAt(await toned(await makeFlat(4, 4, '#ffffff')), 1, 1),
      [255, 255, 239, 255]
    )
  })

  it('keeps black black and keeps alpha', async () => {
    expect(await pixelAt(await toned(await makeFlat(4, 4, '#000000')), 0, 0)).toEqual([
      0, 0, 0, 255
    ])
    const [r, g, b, a] = await pixelAt(
      await toned(await makeFlat(4, 4, 'rgba(100,100,100,0.5)', 4)),
      0,
      0
    )
    expectNear([r, g, b], [135, 120, 94])
    expect(a).toBe(128)
  })

  it('mixes the channels, so pure blue turns brownish', async () => {
    // blue column of the matrix: 0.189, 0.168, 0.131
    expectNear(await pixelAt(await toned(await makeFlat(4, 4, '#0000ff')), 0, 0), [48, 43, 33, 255])
  })

  it('tones every frame of an animation', async () => {
    const ctx = await contextFor(await makeAnimated(4, 4, ['#646464', '#ffffff']), {
      animated: true
    })
    await sepiaOperation.apply(ctx, {})
    const frame = await ctx.raw()
    expect(frame.pages).toBe(2)
    expectNear(framePixel(frame, 0, 1, 1).slice(0, 3), [135, 120, 94])
    expectNear(framePixel(frame, 1, 1, 1).slice(0, 3), [255, 255, 239])
  })
})
