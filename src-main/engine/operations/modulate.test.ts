import { describe, expect, it } from 'vitest'
import { contextFor, makeFlat, pixelAt, renderedPng } from '../testing/images'
import { modulateOperation } from './modulate'

const modulated = async (colour: string, options: Record<string, unknown>, channels: 3 | 4 = 3) => {
  const ctx = await contextFor(await makeFlat(4, 4, colour, channels))
  await modulateOperation.apply(ctx, options)
  return pixelAt(await renderedPng(ctx), 1, 1)
}

const expectNear = (actual: number[], expected: number[], tolerance = 1) =>
  actual.forEach((value, i) =>
    expect(Math.abs(value - (expected[i] ?? -99))).toBeLessThanOrEqual(tolerance)
  )

describe('modulate', () => {
  it('halves every channel at brightness 50', async () => {
    expectNear(await modulated('#6496c8', { brightness: 50 }), [50, 75, 100, 255])
  })

  it('doubles every channel at brightness 200, clipping at 255', async () => {
    expectNear(await modulated('#6496c8', { brightness: 200 }), [200, 255, 255, 255])
  })

  it('gives black at brightness 0 and keeps alpha', async () => {
    expect(await modulated('rgba(100,150,200,0.5)', { brightness: 0 }, 4)).toEqual([0, 0, 0, 128])
  })

  it('removes all colour at saturation 0', async () => {
    const [r, g, b] = await modulated('#ff0000', { saturation: 0 })
    expect(Math.abs(r - g)).toBeLessThanOrEqual(2)
    expect(Math.abs(g - b)).toBeLessThanOrEqual(2)
    expect(r).toBeGreaterThan(50)
  })

  it('makes colours stronger above saturation 100', async () => {
    const [r, g, b] = await modulated('#a07070', { saturation: 200 })
    expect(r - g).toBeGreaterThan(0xa0 - 0x70)
    expect(Math.abs(g - b)).toBeLessThanOrEqual(8)
  })

  it('turns red towards cyan at hue 180', async () => {
    const [r, g, b] = await modulated('#ff0000', { hue: 180 })
    expect(g).toBeGreaterThan(r)
    expect(b).toBeGreaterThan(r)
  })

  it('changes nothing with the defaults or a full turn', async () => {
    expect(await modulated('#6496c8', {})).toEqual([100, 150, 200, 255])
    expect(await modulated('#6496c8', { hue: 360, brightness: 100 })).toEqual([100, 150, 200, 255])
  })
})
