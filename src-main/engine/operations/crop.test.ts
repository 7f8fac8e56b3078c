import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { SourceInfo } from '../context'
import { assertSimilar, contextFor, makeQuadrants, pixelAt, renderedPng } from '../testing/images'
import { cropOperation } from './crop'
import { resizeOperation } from './resize'

/** An image whose pixel at (x, y) is rgb(x, y, 0): a crop's origin can be read off its corner. */
const makeCoordinates = (width: number, height: number): Promise<Buffer> => {
  const data = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) data.set([x, y, 0], (y * width + x) * 3)
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer()
}

interface Cropped {
  width: number
  height: number
  left: number
  top: number
}

/** Crops a 200×100 coordinate image and reports the size and origin of the result. */
const cropCoordinates = async (
  options: Record<string, unknown>,
  context: { dpr?: number; source?: Partial<SourceInfo> } = {}
): Promise<Cropped> => {
  const ctx = await contextFor(await makeCoordinates(200, 100), context)
  await cropOperation.apply(ctx, options)
  const output = await renderedPng(ctx)
  const { width = 0, height = 0 } = await sharp(output).metadata()
  const [left, top] = await pixelAt(output, 0, 0)
  return { width, height, left, top }
}

describe('crop', () => {
  describe('anchors', () => {
    it.each([
      ['left_top', 0, 0],
      ['center_top', 75, 0],
      ['right_top', 150, 0],
      ['left_center', 0, 40],
      ['center_center', 75, 40],
      ['right_center', 150, 40],
      ['left_bottom', 0, 80],
      ['center_bottom', 75, 80],
      ['right_bottom', 150, 80],
      ['15_65', 15, 65],
      ['15-65', 15, 65],
      ['right_7', 150, 7],
      ['190_95', 150, 80]
    ])('places a 50×20 crop at %s', async (anchor, left, top) => {
      expect(await cropCoordinates({ width: 50, height: 20, anchor })).toEqual({
        width: 50,
        height: 20,
        left,
        top
      })
    })

    it('centres by default when the image has no subject area', async () => {
      expect(await cropCoordinates({ width: 50, height: 20 })).toMatchObject({ left: 75, top: 40 })
    })

    it('uses the fallback for face (no face data) and for area anchors without an area', async () => {
      const fallback = 'right_bottom'
      for (const anchor of ['face', 'auto', 'subjectarea', 'croparea']) {
        expect(await cropCoordinates({ width: 50, height: 20, anchor, fallback })).toMatchObject({
          left: 150,
          top: 80
        })
      }
      expect(await cropCoordinates({ width: 50, height: 20, anchor: 'face' })).toMatchObject({
        left: 75,
        top: 40
      })
    })

    it('centres on the most interesting part with smart', async () => {
      const spot = await sharp({
        create: { width: 30, height: 30, channels: 3, background: '#ff00ff' }
      })
        .png()
        .toBuffer()
      const input = await sharp({
        create: { width: 400, height: 300, channels: 3, background: '#777777' }
      })
        .composite([{ input: spot, left: 300, top: 200 }])
        .png()
        .toBuffer()
      const ctx = await contextFor(input)
      await cropOperation.apply(ctx, { width: 100, height: 100, anchor: 'smart' })
      const { data, info } = await (
        await ctx.finalPipeline()
      )
        .raw()
        .toBuffer({ resolveWithObject: true })
      expect([info.width, info.height]).toEqual([100, 100])
      let magenta = 0
      for (let i = 0; i < data.length; i += info.channels) {
        if (data[i] === 255 && data[i + 1] === 0 && data[i + 2] === 255) magenta += 1
      }
      expect(magenta).toBe(900)
    })
  })

  it('cuts the same pixels as a plain extract', async () => {
    const input = await makeQuadrants(200, 100)
    const ctx = await contextFor(input)
    await cropOperation.apply(ctx, { width: 120, height: 60, anchor: '30_10' })
    const expected = await sharp(input)
      .extract({ left: 30, top: 10, width: 120, height: 60 })
      .png()
      .toBuffer()
    await assertSimilar(await renderedPng(ctx), expected, 1)
    expect(await pixelAt(await renderedPng(ctx), 5, 5)).toEqual([255, 0, 0, 255])
    expect(await pixelAt(await renderedPng(ctx), 115, 55)).toEqual([255, 255, 0, 255])
  })

  it('clamps a crop larger than the image to the image', async () => {
    expect(await cropCoordinates({ width: 500, height: 60, anchor: 'center_bottom' })).toEqual({
      width: 200,
      height: 60,
      left: 0,
      top: 40
    })
  })

  it('multiplies pixel sizes and offsets by the dpr', async () => {
    expect(await cropCoordinates({ width: 50, height: 20, anchor: '10_5' }, { dpr: 2 })).toEqual({
      width: 100,
      height: 40,
      left: 20,
      top: 10
    })
  })

  it('crops a fill resize to the requested box at dpr 2', async () => {
    const ctx = await contextFor(await makeQuadrants(400, 300), { dpr: 2 })
    await resizeOperation.apply(ctx, { width: 100, height: 100, mode: 'fill' })
    await cropOperation.apply(ctx, { width: 100, height: 100 })
    expect(await ctx.size()).toEqual({ width: 200, height: 200 })
  })

  describe('ratio mode', () => {
    it.each([
      [
        { width: 1, height: 1 },
        { width: 100, height: 100, left: 50, top: 0 }
      ],
      [
        { width: 4, height: 1 },
        { width: 200, height: 50, left: 0, top: 25 }
      ],
      [
        { width: 1, height: 1, anchor: 'right_top' },
        { width: 100, height: 100, left: 100, top: 0 }
      ],
      [
        { width: 1, height: 1, scale: 50 },
        { width: 50, height: 50, left: 75, top: 25 }
      ],
      [
        { width: 16, height: 9, scale: 10 },
        { width: 18, height: 10, left: 91, top: 45 }
      ]
    ])('%j crops %j', async (options, expected) => {
      expect(await cropCoordinates({ ...options, mode: 'ratio' })).toEqual(expected)
    })
  })

  it('shrinks an absolute crop with scale', async () => {
    expect(await cropCoordinates({ width: 100, height: 40, scale: 50 })).toEqual({
      width: 50,
      height: 20,
      left: 75,
      top: 40
    })
  })

  describe('subject and crop areas', () => {
    const subjectArea = { x: 150, y: 10, width: 20, height: 20 }
    const cropArea = { x: 20, y: 30, width: 60, height: 40 }

    it('centres the crop on the subject area (clamped to the image)', async () => {
      const source = { subjectArea }
      expect(await cropCoordinates({ width: 50, height: 50 }, { source })).toEqual({
        width: 50,
        height: 50,
        left: 135,
        top: 0
      })
      const anchor = 'subjectarea'
      expect(await cropCoordinates({ width: 40, height: 10, anchor }, { source })).toEqual({
        width: 40,
        height: 10,
        left: 140,
        top: 15
      })
    })

    it('reads areas given in percent of the source', async () => {
      const source = { subjectArea: { x: 75, y: 10, width: 10, height: 10, percentage: true } }
      expect(await cropCoordinates({ width: 40, height: 20 }, { source })).toMatchObject({
        left: 140,
        top: 5
      })
    })

    it('cuts a crop area exactly for auto and croparea, not for subjectarea', async () => {
      const source = { cropArea }
      const exact = { width: 60, height: 40, left: 20, top: 30 }
      expect(await cropCoordinates({ width: 50, height: 20 }, { source })).toEqual(exact)
      const croparea = { width: 50, height: 20, anchor: 'croparea' }
      expect(await cropCoordinates(croparea, { source })).toEqual(exact)
      const subjectOnly = { width: 50, height: 20, anchor: 'subjectarea', fallback: 'left_top' }
      expect(await cropCoordinates(subjectOnly, { source })).toEqual({
        width: 50,
        height: 20,
        left: 0,
        top: 0
      })
    })

    it('lets the subject area win over the crop area', async () => {
      const source = { cropArea, subjectArea }
      const croparea = { width: 40, height: 10, anchor: 'croparea' }
      expect(await cropCoordinates(croparea, { source })).toEqual({
        width: 40,
        height: 10,
        left: 140,
        top: 15
      })
    })

    it('ignores areas for positional anchors', async () => {
      const source = { subjectArea, cropArea }
      const options = { width: 50, height: 20, anchor: 'left_bottom' }
      expect(await cropCoordinates(options, { source })).toMatchObject({ left: 0, top: 80 })
    })

    it('moves the area by percent of the image with movearea_x and movearea_y', async () => {
      const source = { subjectArea: { x: 90, y: 40, width: 20, height: 20 } }
      const options = { width: 40, height: 20 }
      expect(await cropCoordinates(options, { source })).toMatchObject({ left: 80, top: 40 })
      expect(await cropCoordinates({ ...options, movearea_x: 25 }, { source })).toMatchObject({
        left: 130,
        top: 40
      })
      expect(await cropCoordinates({ ...options, movearea_y: -20 }, { source })).toMatchObject({
        left: 80,
        top: 20
      })
    })

    it('picks a named area from multi_areas and falls back when it is missing', async () => {
      const source: Partial<SourceInfo> = {
        subjectArea,
        multiAreas: {
          square: { crop_area: { x: 10, y: 20, width: 30, height: 30 } },
          focus: { subject_area: { x: 40, y: 60, width: 20, height: 20 } }
        }
      }
      const options = { width: 40, height: 20 }
      expect(await cropCoordinates({ ...options, area: 'square' }, { source })).toEqual({
        width: 30,
        height: 30,
        left: 10,
        top: 20
      })
      expect(await cropCoordinates({ ...options, area: 'focus' }, { source })).toEqual({
        width: 40,
        height: 20,
        left: 30,
        top: 60
      })
      expect(await cropCoordinates({ ...options, area: 'missing' }, { source })).toEqual({
        width: 40,
        height: 20,
        left: 140,
        top: 10
      })
    })

    it('follows the subject area through an earlier resize and crop', async () => {
      // source 200×200; the area sits in the top-left quarter, away from the centre
      const input = await makeCoordinates(200, 200)
      const ctx = await contextFor(input, {
        source: { subjectArea: { x: 40, y: 60, width: 20, height: 20 } }
      })
      await resizeOperation.apply(ctx, { width: 100, height: 100 })
      await cropOperation.apply(ctx, { width: 20, height: 20 })
      // area centre (50, 70) in the source is (25, 35) after the resize: the crop starts at (15, 25)
      const first = await renderedPng(ctx)
      const [x, y] = await pixelAt(first, 10, 10)
      expect(Math.abs(x - 50)).toBeLessThanOrEqual(1)
      expect(Math.abs(y - 70)).toBeLessThanOrEqual(1)
      expect(ctx.mapFromSource({ x: 40, y: 60, width: 20, height: 20 })).toEqual({
        x: 5,
        y: 5,
        width: 10,
        height: 10
      })
      await cropOperation.apply(ctx, { width: 4, height: 4 })
      const second = await renderedPng(ctx)
      const [cx, cy] = await pixelAt(second, 2, 2)
      expect(Math.abs(cx - 50)).toBeLessThanOrEqual(1)
      expect(Math.abs(cy - 70)).toBeLessThanOrEqual(1)
    })

    it('uses the fallback once a rotation has broken the mapping', async () => {
      const ctx = await contextFor(await makeCoordinates(200, 100), { source: { subjectArea } })
      ctx.loseMapping()
      await cropOperation.apply(ctx, { width: 50, height: 20, fallback: 'left_top' })
      expect(await pixelAt(await renderedPng(ctx), 0, 0)).toEqual([0, 0, 0, 255])
    })
  })

  describe('box mode', () => {
    it('cuts exactly the subject area, shrunk by scale', async () => {
      const source = { subjectArea: { x: 30, y: 10, width: 40, height: 50 } }
      const options = { width: 1, height: 1, mode: 'box' }
      expect(await cropCoordinates(options, { source })).toEqual({
        width: 40,
        height: 50,
        left: 30,
        top: 10
      })
      expect(await cropCoordinates({ ...options, scale: 50 }, { source })).toEqual({
        width: 20,
        height: 25,
        left: 40,
        top: 23
      })
    })

    it('cuts the crop area and keeps it inside the image', async () => {
      const source = { cropArea: { x: 170, y: 80, width: 60, height: 40 } }
      expect(await cropCoordinates({ width: 1, height: 1, mode: 'box' }, { source })).toEqual({
        width: 30,
        height: 20,
        left: 170,
        top: 80
      })
    })

    it('crops width × height by the fallback without an area', async () => {
      expect(await cropCoordinates({ width: 50, height: 20, mode: 'box' })).toEqual({
        width: 50,
        height: 20,
        left: 75,
        top: 40
      })
    })
  })

  describe('area mode', () => {
    it('takes the smallest box of the ratio around the subject area', async () => {
      const source = { subjectArea: { x: 100, y: 20, width: 40, height: 20 } }
      const options = { width: 1, height: 1, mode: 'area' }
      expect(await cropCoordinates(options, { source })).toEqual({
        width: 40,
        height: 40,
        left: 100,
        top: 10
      })
    })

    it('shrinks the box to the image when the area needs more', async () => {
      const source = { subjectArea: { x: 10, y: 10, width: 100, height: 80 } }
      const options = { width: 4, height: 1, mode: 'area' }
      expect(await cropCoordinates(options, { source })).toEqual({
        width: 200,
        height: 50,
        left: 0,
        top: 25
      })
    })

    it('behaves like ratio mode with the fallback anchor without an area', async () => {
      const options = { width: 1, height: 1, mode: 'area', fallback: 'left_top' }
      expect(await cropCoordinates(options)).toEqual({ width: 100, height: 100, left: 0, top: 0 })
    })
  })

  it('records the crop so later areas map into the cropped image', async () => {
    const ctx = await contextFor(await makeCoordinates(200, 100))
    await cropOperation.apply(ctx, { width: 50, height: 20, anchor: '30_40' })
    expect(ctx.mapFromSource({ x: 40, y: 45, width: 5, height: 5 })).toEqual({
      x: 10,
      y: 5,
      width: 5,
      height: 5
    })
  })

  it('crops every frame of an animated GIF', async () => {
    const width = 40
    const height = 30
    const frames = Buffer.alloc(width * height * 3 * 3)
    for (let page = 0; page < 3; page += 1) {
      for (let y = 0; y < height; y += 1) {
        for (let x = 0; x < width; x += 1) {
          frames.set([x * 4, y * 4, page * 100], ((page * height + y) * width + x) * 3)
        }
      }
    }
    const gif = await sharp(frames, {
      raw: { width, height: height * 3, channels: 3, pageHeight: height }
    })
      .gif({ delay: [100, 100, 100], colours: 256 })
      .toBuffer()
    const ctx = await contextFor(gif, { animated: true })
    await cropOperation.apply(ctx, { width: 20, height: 10, anchor: 'right_bottom' })
    const frame = await ctx.raw()
    expect([frame.width, frame.height, frame.pages]).toEqual([20, 10, 3])
    const encoded = await (await ctx.finalPipeline()).gif().toBuffer()
    expect((await sharp(encoded).metadata()).pages).toBe(3)
    for (let page = 0; page < 3; page += 1) {
      const at = page * 20 * 10 * frame.channels
      const [r = 0, g = 0, b = 0] = frame.data.subarray(at, at + 3)
      // the first pixel of each frame is source pixel (20, 20)
      expect(Math.abs(r - 80)).toBeLessThanOrEqual(8)
      expect(Math.abs(g - 80)).toBeLessThanOrEqual(8)
      expect(Math.abs(b - page * 100)).toBeLessThanOrEqual(8)
    }
  })
})
