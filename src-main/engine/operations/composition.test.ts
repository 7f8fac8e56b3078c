import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import type { RenderResources } from '../context'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat, makeQuadrants, pixelAt, renderedPng } from '../testing/images'
import { compositionOperation } from './composition'

const RED = [255, 0, 0, 255]
const GREEN = [0, 255, 0, 255]
const BLUE = [0, 0, 255, 255]
const WHITE = [255, 255, 255, 255]

/** Resources holding one uploaded image, `overlay`, under the hash `abc123`. */
const holding = (overlay: Buffer): RenderResources => ({
  loadSourceImage: async (hash) => {
    if (hash !== 'abc123') throw new Error(`unknown ${hash}`)
    return { data: overlay, format: 'png' }
  }
})

const composed = async (
  input: Buffer,
  options: Record<string, unknown>,
  extra: { resources?: RenderResources; dpr?: number } = {}
) => {
  const ctx = await contextFor(input, extra)
  await compositionOperation.apply(ctx, options)
  return renderedPng(ctx)
}

const sizeOf = async (png: Buffer) => {
  const { width, height, channels } = await sharp(png).metadata()
  return { width, height, channels }
}

/** A red 20 × 20 box drawn over a green 100 × 100 image at `anchor`. */
const watermarked = async (anchor: string) =>
  composed(await makeFlat(100, 100, '#00ff00'), {
    mode: 'background',
    width: 20,
    height: 20,
    secondary_color: 'FF0000',
    anchor
  })

describe('composition', () => {
  it.each([
    ['left_top', [5, 5], [25, 25]],
    ['center_top', [50, 5], [50, 25]],
    ['right_top', [95, 5], [75, 5]],
    ['left_center', [5, 50], [5, 35]],
    ['center_center', [50, 50], [35, 50]],
    ['right_center', [95, 50], [95, 35]],
    ['left_bottom', [5, 95], [5, 75]],
    ['center_bottom', [50, 95], [35, 95]],
    ['right_bottom', [95, 95], [75, 95]],
    ['10_30', [15, 35], [5, 35]],
    ['70-0', [75, 5], [65, 5]]
  ])('places a red box at %s over the image', async (anchor, inside, outside) => {
    const output = await watermarked(anchor)
    expect(await sizeOf(output)).toEqual({ width: 100, height: 100, channels: 3 })
    expect(await pixelAt(output, inside[0] ?? 0, inside[1] ?? 0)).toEqual(RED)
    expect(await pixelAt(output, outside[0] ?? 0, outside[1] ?? 0)).toEqual(GREEN)
  })

  it('centres the box for strategy anchors such as auto', async () => {
    expect(await pixelAt(await watermarked('auto'), 50, 50)).toEqual(RED)
  })

  it('extends the canvas in foreground mode, the image over the box', async () => {
    const output = await composed(await makeFlat(100, 50, '#00ff00'), {
      mode: 'foreground',
      width: 200,
      height: 200,
      secondary_color: 'FFFFFF'
    })
    expect(await sizeOf(output)).toEqual({ width: 200, height: 200, channels: 3 })
    expect(await pixelAt(output, 100, 100)).toEqual(GREEN)
    expect(await pixelAt(output, 5, 5)).toEqual(WHITE)
    expect(await pixelAt(output, 49, 100)).toEqual(WHITE)
    expect(await pixelAt(output, 50, 76)).toEqual(GREEN)
    expect(await pixelAt(output, 50, 75)).toEqual(GREEN)
    expect(await pixelAt(output, 50, 74)).toEqual(WHITE)
  })

  it('puts the image at the anchor of the larger box', async () => {
    const output = await composed(await makeFlat(100, 50, '#00ff00'), {
      mode: 'foreground',
      width: 200,
      height: 100,
      secondary_color: 'FFFFFF',
      anchor: 'left_bottom'
    })
    expect(await pixelAt(output, 5, 95)).toEqual(GREEN)
    expect(await pixelAt(output, 5, 45)).toEqual(WHITE)
    expect(await pixelAt(output, 105, 95)).toEqual(WHITE)
  })

  it('never returns less than the image; a smaller box hides behind it', async () => {
    const output = await composed(await makeFlat(100, 50, '#00ff00'), {
      mode: 'foreground',
      width: 20,
      height: 20,
      secondary_color: 'FF0000'
    })
    expect(await sizeOf(output)).toEqual({ width: 100, height: 50, channels: 3 })
    expect(await pixelAt(output, 50, 25)).toEqual(GREEN)
  })

  it('leaves a transparent border at secondary_opacity 0', async () => {
    const output = await composed(await makeFlat(40, 40, '#00ff00'), {
      mode: 'foreground',
      width: 60,
      height: 60,
      secondary_opacity: 0
    })
    expect(await sizeOf(output)).toEqual({ width: 60, height: 60, channels: 4 })
    expect((await pixelAt(output, 2, 2))[3]).toBe(0)
    expect(await pixelAt(output, 30, 30)).toEqual(GREEN)
  })

  it('fades the box by secondary_opacity', async () => {
    const output = await composed(await makeFlat(40, 40, '#000000'), {
      mode: 'background',
      width: 40,
      height: 40,
      secondary_color: 'FFFFFF',
      secondary_opacity: 50
    })
    const [r] = await pixelAt(output, 20, 20)
    expect(Math.abs(r - 128)).toBeLessThanOrEqual(1)
  })

  it('draws an uploaded image fitted into width × height (box mode)', async () => {
    const overlay = await makeFlat(40, 20, '#0000ff')
    const output = await composed(
      await makeFlat(100, 100, '#00ff00'),
      { mode: 'background', secondary_image: 'abc123', width: 20, height: 20, anchor: 'left_top' },
      { resources: holding(overlay) }
    )
    // 40 × 20 fits 20 × 20 as 20 × 10
    expect(await pixelAt(output, 10, 5)).toEqual(BLUE)
    expect(await pixelAt(output, 10, 12)).toEqual(GREEN)
    expect(await pixelAt(output, 22, 5)).toEqual(GREEN)
  })

  it('stretches an uploaded image in absolute mode and covers in fill mode', async () => {
    const overlay = await makeFlat(40, 20, '#0000ff')
    const base = await makeFlat(100, 100, '#00ff00')
    const absolute = await composed(
      base,
      {
        mode: 'background',
        secondary_image: 'abc123',
        width: 20,
        height: 20,
        resize_mode: 'absolute',
        anchor: 'left_top'
      },
      { resources: holding(overlay) }
    )
    expect(await pixelAt(absolute, 10, 18)).toEqual(BLUE)
    expect(await pixelAt(absolute, 22, 10)).toEqual(GREEN)
    const fill = await composed(
      base,
      {
        mode: 'background',
        secondary_image: 'abc123',
        width: 20,
        height: 20,
        resize_mode: 'fill',
        anchor: 'left_top'
      },
      { resources: holding(overlay) }
    )
    // covers 20 × 20 as 40 × 20
    expect(await pixelAt(fill, 38, 18)).toEqual(BLUE)
    expect(await pixelAt(fill, 42, 10)).toEqual(GREEN)
  })

  it('uses the uploaded image at its own size without width and height', async () => {
    const output = await composed(
      await makeFlat(100, 100, '#00ff00'),
      { mode: 'background', secondary_image: 'abc123', anchor: 'right_bottom' },
      { resources: holding(await makeFlat(30, 10, '#0000ff')) }
    )
    expect(await pixelAt(output, 71, 91)).toEqual(BLUE)
    expect(await pixelAt(output, 68, 91)).toEqual(GREEN)
    expect(await pixelAt(output, 71, 88)).toEqual(GREEN)
  })

  it('resizes the uploaded image to the primary with resize_to_primary', async () => {
    const overlay = await makeQuadrants(10, 10)
    const output = await composed(
      await makeFlat(100, 60, '#000000'),
      {
        mode: 'background',
        secondary_image: 'abc123',
        resize_to_primary: true,
        resize_mode: 'absolute'
      },
      { resources: holding(overlay) }
    )
    expect(await sizeOf(output)).toEqual({ width: 100, height: 60, channels: 3 })
    expect(await pixelAt(output, 5, 5)).toEqual(RED)
    expect(await pixelAt(output, 95, 55)).toEqual([255, 255, 0, 255])
  })

  it('turns the overlay clockwise by angle', async () => {
    const overlay = await makeQuadrants(20, 20)
    const output = await composed(
      await makeFlat(60, 60, '#000000'),
      { mode: 'background', secondary_image: 'abc123', angle: 90 },
      { resources: holding(overlay) }
    )
    // after a quarter turn clockwise, blue (bottom left) is at the top left
    expect(await pixelAt(output, 22, 22)).toEqual(BLUE)
    expect(await pixelAt(output, 37, 22)).toEqual(RED)
  })

  it('grows the canvas for a rotated box that no longer fits', async () => {
    const output = await composed(await makeFlat(40, 40, '#000000'), {
      mode: 'background',
      width: 40,
      height: 40,
      secondary_color: 'FFFFFF',
      angle: 45
    })
    const { width } = await sizeOf(output)
    expect(width).toBeGreaterThanOrEqual(56)
    expect(width).toBeLessThanOrEqual(58)
  })

  it('scales box sizes and pixel anchors with the dpr', async () => {
    const output = await composed(
      await makeFlat(100, 100, '#00ff00'),
      { mode: 'background', width: 10, height: 10, secondary_color: 'FF0000', anchor: '5_5' },
      { dpr: 2 }
    )
    expect(await pixelAt(output, 11, 11)).toEqual(RED)
    expect(await pixelAt(output, 29, 29)).toEqual(RED)
    expect(await pixelAt(output, 31, 31)).toEqual(GREEN)
  })

  it('draws only the secondary with empty_primary', async () => {
    const output = await composed(await makeFlat(50, 50, '#00ff00'), {
      mode: 'background',
      width: 10,
      height: 10,
      secondary_color: 'FF0000',
      empty_primary: true
    })
    expect(await sizeOf(output)).toMatchObject({ width: 50, height: 50, channels: 4 })
    expect((await pixelAt(output, 2, 2))[3]).toBe(0)
    expect(await pixelAt(output, 25, 25)).toEqual(RED)
  })

  it('refuses a box larger than 10000 pixels before drawing it', async () => {
    await expect(
      composed(
        await makeFlat(10, 10, '#00ff00'),
        { mode: 'foreground', width: 10000, height: 10000 },
        { dpr: 10 }
      )
    ).rejects.toMatchObject({ code: 'image_too_large', status: 400 })
  })

  it('renders the secondary through secondary_stack, with its variables, and fits it', async () => {
    const calls: unknown[] = []
    const resources: RenderResources = {
      ...holding(await makeFlat(4, 4, '#000000')),
      // a stand-in for the HTTP layer's renderer: a red box as the stack's output
      renderStack: async (hash, stack, variables) => {
        calls.push({ hash, stack, variables })
        return { data: await makeFlat(40, 20, '#ff0000'), format: 'png' }
      }
    }
    const png = await composed(
      await makeFlat(100, 100, '#00ff00'),
      {
        mode: 'background',
        secondary_stack: 'logo',
        secondary_stack_variables: 'w=3,label=x',
        width: 20,
        height: 20,
        anchor: 'left_top'
      },
      { resources }
    )
    expect(calls).toEqual([{ hash: null, stack: 'logo', variables: { w: '3', label: 'x' } }])
    // box-fitted: 40 × 20 into 20 × 20 gives 20 × 10 at the top left
    expect(await pixelAt(png, 5, 5)).toEqual(RED)
    expect(await pixelAt(png, 5, 15)).toEqual(GREEN)
    expect(await pixelAt(png, 50, 50)).toEqual(GREEN)
  })

  it('refuses secondary_stack where no stacks can be rendered with a clear 400', async () => {
    await expect(
      composed(await makeFlat(10, 10, '#00ff00'), { mode: 'background', secondary_stack: 'logo' })
    ).rejects.toMatchObject({ code: 'invalid_image', status: 400 })
  })

  it('refuses an uploaded file that is not an image', async () => {
    await expect(
      composed(
        await makeFlat(10, 10, '#00ff00'),
        { mode: 'background', secondary_image: 'abc123' },
        { resources: holding(Buffer.from('not an image')) }
      )
    ).rejects.toMatchObject({ code: 'invalid_image', status: 400 })
  })

  it('puts the same overlay on every frame of an animation', async () => {
    const ctx = await contextFor(await makeAnimated(20, 20, ['#00ff00', '#0000ff']), {
      animated: true
    })
    await compositionOperation.apply(ctx, {
      mode: 'background',
      width: 4,
      height: 4,
      secondary_color: 'FF0000'
    })
    const frame = await ctx.raw()
    expect(frame).toMatchObject({ width: 20, height: 20, pages: 2, channels: 3 })
    expect(framePixel(frame, 0, 10, 10)).toEqual([255, 0, 0])
    expect(framePixel(frame, 1, 10, 10)).toEqual([255, 0, 0])
    expect(framePixel(frame, 1, 2, 2)).toEqual([0, 0, 255])
  })
})
