import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { assertSimilar, contextFor, makeQuadrants, pixelAt, renderedPng } from '../testing/images'
import { rotateOperation } from './rotate'

const RED = [255, 0, 0, 255]
const GREEN = [0, 255, 0, 255]
const BLUE = [0, 0, 255, 255]
const YELLOW = [255, 255, 0, 255]

const rotated = async (input: Buffer, options: Record<string, unknown>) => {
  const ctx = await contextFor(input)
  await rotateOperation.apply(ctx, options)
  return renderedPng(ctx)
}

const metaOf = (png: Buffer) => sharp(png).metadata()

/** Quadrants without an alpha channel, so that any alpha in the result comes from the rotation. */
const opaqueQuadrants = async (width: number, height: number) =>
  sharp(await makeQuadrants(width, height))
    .removeAlpha()
    .png()
    .toBuffer()

/** Colours of the four corners, clockwise from the top left. */
const corners = async (png: Buffer) => {
  const { width = 0, height = 0 } = await metaOf(png)
  return Promise.all([
    pixelAt(png, 2, 2),
    pixelAt(png, width - 3, 2),
    pixelAt(png, width - 3, height - 3),
    pixelAt(png, 2, height - 3)
  ])
}

describe('rotate', () => {
  it('turns clockwise by right angles', async () => {
    const input = await makeQuadrants(200, 100)
    const output = await rotated(input, { angle: 90 })
    expect(await metaOf(output)).toMatchObject({ width: 100, height: 200 })
    expect(await corners(output)).toEqual([BLUE, RED, GREEN, YELLOW])
    await assertSimilar(output, await sharp(input).rotate(90).png().toBuffer(), 1)
    expect(await corners(await rotated(input, { angle: 180 }))).toEqual([YELLOW, BLUE, RED, GREEN])
  })

  it('turns counter-clockwise for negative angles', async () => {
    const output = await rotated(await makeQuadrants(200, 100), { angle: -90 })
    expect(await metaOf(output)).toMatchObject({ width: 100, height: 200 })
    expect(await corners(output)).toEqual([GREEN, YELLOW, BLUE, RED])
  })

  it('fills uncovered corners with transparency by default', async () => {
    const input = await opaqueQuadrants(200, 100)
    const output = await rotated(input, { angle: 45 })
    const expected = await sharp(input)
      .rotate(45, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toBuffer()
    const [meta, expectedMeta] = await Promise.all([metaOf(output), metaOf(expected)])
    expect(meta).toMatchObject({ width: expectedMeta.width, height: expectedMeta.height })
    expect(meta.width).toBeGreaterThan(200)
    expect(meta.channels).toBe(4)
    expect((await pixelAt(output, 0, 0))[3]).toBe(0)
    expect((await pixelAt(output, 106, 106))[3]).toBe(255)
    await assertSimilar(output, expected, 2)
  })

  it('fills the corners with an opaque background colour without adding alpha', async () => {
    const output = await rotated(await opaqueQuadrants(200, 100), {
      angle: 30,
      background_color: '00FF00',
      background_opacity: 100
    })
    expect((await metaOf(output)).channels).toBe(3)
    expect(await pixelAt(output, 0, 0)).toEqual(GREEN)
  })

  it('makes the background half transparent at opacity 50', async () => {
    const output = await rotated(await makeQuadrants(200, 100), {
      angle: 30,
      background_color: '0000FF',
      background_opacity: 50
    })
    const [r, g, b, a] = await pixelAt(output, 0, 0)
    expect([r, g, b]).toEqual([0, 0, 255])
    expect(Math.abs(a - 128)).toBeLessThanOrEqual(1)
  })

  it('accepts fractional angles', async () => {
    const input = await makeQuadrants(120, 80)
    const output = await rotated(input, { angle: 12.5, background_opacity: 100 })
    const expected = await sharp(input).rotate(12.5, { background: '#ffffff' }).png().toBuffer()
    const [actualMeta, expectedMeta] = await Promise.all([metaOf(output), metaOf(expected)])
    expect([actualMeta.width, actualMeta.height]).toEqual([expectedMeta.width, expectedMeta.height])
    await assertSimilar(output, expected, 1)
    expect(await pixelAt(output, 0, 0)).toEqual([255, 255, 255, 255])
  })

  it.each([0, 360, -360])('leaves the image and its area mapping alone at %i°', async (angle) => {
    const input = await makeQuadrants(60, 40)
    const ctx = await contextFor(input)
    await rotateOperation.apply(ctx, { angle })
    expect(await ctx.size()).toEqual({ width: 60, height: 40 })
    expect(ctx.mapFromSource({ x: 1, y: 2, width: 3, height: 4 })).toEqual({
      x: 1,
      y: 2,
      width: 3,
      height: 4
    })
  })

  it('drops the area mapping for any real turn', async () => {
    const ctx = await contextFor(await makeQuadrants(60, 40))
    await rotateOperation.apply(ctx, { angle: 270 })
    expect(ctx.mapFromSource({ x: 1, y: 2, width: 3, height: 4 })).toBeUndefined()
  })

  describe('animated', () => {
    /** Three frames of 40×30 quadrants; frame n has its red quadrant replaced by grey n. */
    const makeAnimated = async () => {
      const frames = await Promise.all(
        [0, 1, 2].map(async (page) => {
          const grey = `#${(page * 100).toString(16).padStart(2, '0').repeat(3)}`
          const png = await makeQuadrants(40, 30, [grey, '#00ff00', '#0000ff', '#ffff00'])
          return sharp(png).removeAlpha().raw().toBuffer()
        })
      )
      return sharp(Buffer.concat(frames), {
        raw: { width: 40, height: 90, channels: 3, pageHeight: 30 }
      })
        .gif({ delay: [100, 100, 100] })
        .toBuffer()
    }

    it('turns every frame on its own by a right angle', async () => {
      const ctx = await contextFor(await makeAnimated(), { animated: true })
      await rotateOperation.apply(ctx, { angle: 90 })
      const frame = await ctx.raw()
      expect([frame.width, frame.height, frame.pages]).toEqual([30, 40, 3])
      const gif = await (await ctx.finalPipeline()).gif().toBuffer()
      expect((await metaOf(gif)).pages).toBe(3)
      for (let page = 0; page < 3; page += 1) {
        const pixel = (x: number, y: number) => {
          const at = (page * 30 * 40 + y * 30 + x) * frame.channels
          return [...frame.data.subarray(at, at + 3)]
        }
        // clockwise: blue comes to the top left, the frame's grey to the top right
        expect(pixel(2, 2)).toEqual([0, 0, 255])
        expect(pixel(27, 2)).toEqual([page * 100, page * 100, page * 100])
      }
    })

    it('turns every frame by an arbitrary angle', async () => {
      const ctx = await contextFor(await makeAnimated(), { animated: true })
      await rotateOperation.apply(ctx, { angle: 30, background_opacity: 100 })
      const frame = await ctx.raw()
      const single = await sharp(await makeQuadrants(40, 30))
        .rotate(30)
        .raw()
        .toBuffer({ resolveWithObject: true })
      expect([frame.width, frame.height, frame.pages]).toEqual([
        single.info.width,
        single.info.height,
        3
      ])
      const corner = [...frame.data.subarray(0, 3)]
      expect(corner).toEqual([255, 255, 255])
    })
  })
})
