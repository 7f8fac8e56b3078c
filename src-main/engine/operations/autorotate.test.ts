import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { assertSimilar, contextFor, makeQuadrants, pixelAt, renderedPng } from '../testing/images'
import { autorotateOperation } from './autorotate'
import { resizeOperation } from './resize'

type Colour = 'red' | 'green' | 'blue' | 'yellow'

const nameOf = ([r, g, b]: [number, number, number, number]): Colour | 'other' => {
  const on = (value: number) => value > 200
  const off = (value: number) => value < 60
  if (on(r) && off(g) && off(b)) return 'red'
  if (off(r) && on(g) && off(b)) return 'green'
  if (off(r) && off(g) && on(b)) return 'blue'
  if (on(r) && on(g) && off(b)) return 'yellow'
  return 'other'
}

/** Colour names of the four corners, clockwise from the top left (red, green, blue, yellow). */
const corners = async (png: Buffer): Promise<(Colour | 'other')[]> => {
  const { width = 0, height = 0 } = await sharp(png).metadata()
  const points: [number, number][] = [
    [4, 4],
    [width - 5, 4],
    [width - 5, height - 5],
    [4, height - 5]
  ]
  return Promise.all(points.map(async ([x, y]) => nameOf(await pixelAt(png, x, y))))
}

/** A 200×100 quadrant JPEG that says its pixels must be shown with EXIF `orientation`. */
const jpegWithOrientation = async (orientation: number) =>
  sharp(await makeQuadrants(200, 100))
    .jpeg({ quality: 95 })
    .withMetadata({ orientation })
    .toBuffer()

const autorotated = async (
  input: Buffer,
  options: Record<string, unknown> = {},
  orientation?: number
) => {
  const ctx = await contextFor(input, { source: orientation === undefined ? {} : { orientation } })
  await autorotateOperation.apply(ctx, options)
  return renderedPng(ctx)
}

describe('autorotate', () => {
  it('turns a JPEG with EXIF orientation 6 clockwise', async () => {
    const input = await jpegWithOrientation(6)
    const output = await autorotated(input, {}, 6)
    expect(await sharp(output).metadata()).toMatchObject({ width: 100, height: 200 })
    expect(await corners(output)).toEqual(['blue', 'red', 'green', 'yellow'])
  })

  it('reads the orientation from the file when the source info lacks it', async () => {
    const output = await autorotated(await jpegWithOrientation(6))
    expect(await corners(output)).toEqual(['blue', 'red', 'green', 'yellow'])
  })

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('shows orientation %i as sharp does', async (orientation) => {
    const input = await jpegWithOrientation(orientation)
    const output = await autorotated(input, {}, orientation)
    const expected = await sharp(input).autoOrient().png().toBuffer()
    const [actual, wanted] = await Promise.all([
      sharp(output).metadata(),
      sharp(expected).metadata()
    ])
    expect([actual.width, actual.height]).toEqual([wanted.width, wanted.height])
    expect(await corners(output)).toEqual(await corners(expected))
    await assertSimilar(output, expected, 3)
  })

  it('applies the orientation to raw pixels of earlier steps, and only once', async () => {
    const ctx = await contextFor(await jpegWithOrientation(6), { source: { orientation: 6 } })
    await resizeOperation.apply(ctx, { width: 100 })
    await autorotateOperation.apply(ctx, {})
    await autorotateOperation.apply(ctx, {})
    const output = await renderedPng(ctx)
    expect(await sharp(output).metadata()).toMatchObject({ width: 50, height: 100 })
    expect(await corners(output)).toEqual(['blue', 'red', 'green', 'yellow'])
  })

  it('leaves an image without orientation and its area mapping alone', async () => {
    const ctx = await contextFor(await makeQuadrants(200, 100))
    await autorotateOperation.apply(ctx, {})
    expect(await ctx.size()).toEqual({ width: 200, height: 100 })
    expect(ctx.mapFromSource({ x: 1, y: 2, width: 3, height: 4 })).toEqual({
      x: 1,
      y: 2,
      width: 3,
      height: 4
    })
  })

  describe('with a box', () => {
    it('turns a landscape image clockwise into a portrait box', async () => {
      const ctx = await contextFor(await makeQuadrants(200, 100))
      await autorotateOperation.apply(ctx, { width: 300, height: 400 })
      const output = await renderedPng(ctx)
      expect(await sharp(output).metadata()).toMatchObject({ width: 100, height: 200 })
      expect(await corners(output)).toEqual(['blue', 'red', 'green', 'yellow'])
      expect(ctx.mapFromSource({ x: 1, y: 2, width: 3, height: 4 })).toBeUndefined()
    })

    it('turns counter-clockwise when asked', async () => {
      const output = await autorotated(await makeQuadrants(200, 100), {
        width: 1,
        height: 2,
        rotation_direction: 'counterclockwise'
      })
      expect(await corners(output)).toEqual(['green', 'yellow', 'blue', 'red'])
    })

    it.each([[{ width: 400, height: 300 }], [{ width: 300, height: 300 }], [{ width: 300 }]])(
      'leaves the image alone when %j does not ask for a turn',
      async (options) => {
        const output = await autorotated(await makeQuadrants(200, 100), options)
        expect(await corners(output)).toEqual(['red', 'green', 'yellow', 'blue'])
      }
    )

    it('checks the box against the image as EXIF shows it', async () => {
      const input = await jpegWithOrientation(6)
      // shown as portrait: a portrait box needs no further turn
      expect(await corners(await autorotated(input, { width: 1, height: 2 }, 6))).toEqual([
        'blue',
        'red',
        'green',
        'yellow'
      ])
      // a landscape box turns it a quarter further, the way EXIF turned it (clockwise)
      const turned = await autorotated(input, { width: 2, height: 1 }, 6)
      expect(await sharp(turned).metadata()).toMatchObject({ width: 200, height: 100 })
      expect(await corners(turned)).toEqual(['yellow', 'blue', 'red', 'green'])
      const back = await autorotated(
        input,
        { width: 2, height: 1, rotation_direction: 'counterclockwise' },
        6
      )
      expect(await corners(back)).toEqual(['red', 'green', 'yellow', 'blue'])
    })

    it('follows the EXIF direction of orientation 8 by default', async () => {
      const input = await jpegWithOrientation(8)
      const output = await autorotated(input, { width: 2, height: 1 }, 8)
      expect(await corners(output)).toEqual(['yellow', 'blue', 'red', 'green'])
      const exifOnly = await autorotated(input, {}, 8)
      expect(await corners(exifOnly)).toEqual(['green', 'yellow', 'blue', 'red'])
    })

    it('turns every frame of an animated image', async () => {
      // frames must differ, or the GIF encoder merges them into one
      const frames = await Promise.all(
        ['#ff0000', '#ff8080', '#800000'].map(async (first) =>
          sharp(await makeQuadrants(40, 30, [first, '#00ff00', '#0000ff', '#ffff00']))
            .removeAlpha()
            .raw()
            .toBuffer()
        )
      )
      const gif = await sharp(Buffer.concat(frames), {
        raw: { width: 40, height: 90, channels: 3, pageHeight: 30 }
      })
        .gif({ delay: [100, 100, 100] })
        .toBuffer()
      const ctx = await contextFor(gif, { animated: true })
      await autorotateOperation.apply(ctx, { width: 1, height: 2 })
      const raw = await ctx.raw()
      expect([raw.width, raw.height, raw.pages]).toEqual([30, 40, 3])
      for (let page = 0; page < 3; page += 1) {
        const at = (page * 30 * 40 + 2 * 30 + 2) * raw.channels
        expect([...raw.data.subarray(at, at + 3)]).toEqual([0, 0, 255])
      }
    })
  })
})
