import { describe, expect, it } from 'vitest'
import { contextFor, makeFlat, pixelAt, renderedPng } from '../testing/images'
import { multiplyOperation } from './multiply'

const multiplied = async (
  colour: string,
  options: Record<string, unknown>,
  channels: 3 | 4 = 3
) => {
  const ctx = await contextFor(await makeFlat(4, 4, colour, channels))
  await multiplyOperation.apply(ctx, options)
  return pixelAt(await renderedPng(ctx), 2, 2)
}

describe('multiply', () => {
  it('darkens by 0.96 by default', async () => {
    // 200 × 0.96 = 192, 100 × 0.96 = 96, 50 × 0.96 = 48
    expect(await multiplied('#c86432', {})).toEqual([192, 96, 48, 255])
  })

  it('multiplies every channel by factor', async () => {
    expect(await multiplied('#c86432', { factor: 0.5 })).toEqual([100, 50, 25, 255])
    expect(await multiplied('#c86432', { factor: 0 })).toEqual([0, 0, 0, 255])
  })

  it('leaves alpha alone', async () => {
    expect(await multiplied('rgba(200,100,50,0.5)', { factor: 0.5 }, 4)).toEqual([100, 50, 25, 128])
  })

  it('multiplies channel by channel with factor_color', async () => {
    const [r, g, b, a] = await multiplied('#ffffff', { factor_color: 'FF8000' })
    expect(r).toBe(255)
    expect(Math.abs(g - 128)).toBeLessThanOrEqual(1)
    expect(b).toBe(0)
    expect(a).toBe(255)
  })

  it('prefers factor_color over factor', async () => {
    expect(await multiplied('#c86432', { factor: 0, factor_color: 'ffffff' })).toEqual([
      200, 100, 50, 255
    ])
  })
})
