import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import type { RenderResources } from '../context'
import { framePixel, makeAnimated } from '../testing/frames'
import { contextFor, makeFlat, renderedPng } from '../testing/images'
import { textOperation } from './text'

const FONT_ROOTS = ['/usr/share/fonts', '/usr/local/share/fonts']

const fontFilesUnder = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return fontFilesUnder(path)
      return Promise.resolve(/\.(ttf|otf)$/i.test(entry.name) ? [path] : [])
    })
  )
  return nested.flat()
}

/** A TrueType font installed on this machine, DejaVu Sans when there is one. */
const findFont = async (): Promise<string> => {
  const files = (await Promise.all(FONT_ROOTS.map(fontFilesUnder))).flat()
  const font = files.find((file) => file.endsWith('/DejaVuSans.ttf')) ?? files[0]
  if (font === undefined) {
    throw new Error(
      `No TrueType font under ${FONT_ROOTS.join(' or ')}; the text tests need one ` +
        '(on Debian/Ubuntu: apt-get install fonts-dejavu-core).'
    )
  }
  return font
}

let font: Buffer
let fontFiles: string[]

beforeAll(async () => {
  font = await readFile(await findFont())
  fontFiles = (await Promise.all(FONT_ROOTS.map(fontFilesUnder))).flat()
})

const withFont = (data = font): RenderResources => ({
  loadSourceImage: async (hash) => {
    if (hash !== 'f0f0f0') throw new Error(`unknown ${hash}`)
    return { data, format: 'ttf' }
  }
})

const written = async (
  input: Buffer,
  options: Record<string, unknown>,
  dpr = 1,
  resources = withFont()
) => {
  const ctx = await contextFor(input, { resources, dpr })
  await textOperation.apply(ctx, { font: 'f0f0f0', ...options })
  return renderedPng(ctx)
}

/** Box around the pixels that differ from white (x0, y0, x1, y1 inclusive), or undefined. */
const inkBox = async (
  png: Buffer,
  isInk = (r: number, g: number, b: number) => r + g + b < 600
) => {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let box: [number, number, number, number] | undefined
  for (let y = 0; y < info.height; y += 1) {
    for (let x = 0; x < info.width; x += 1) {
      const i = (y * info.width + x) * 3
      if (!isInk(data[i] ?? 255, data[i + 1] ?? 255, data[i + 2] ?? 255)) continue
      box = box
        ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)]
        : [x, y, x, y]
    }
  }
  return box
}

const white = (width = 300, height = 200) => makeFlat(width, height, '#ffffff')

describe('text', () => {
  it('writes dark text in the middle of the image by default', async () => {
    const output = await written(await white(), { text: 'Hello', size: 40 })
    const meta = await sharp(output).metadata()
    expect(meta).toMatchObject({ width: 300, height: 200, channels: 3 })
    const [x0, y0, x1, y1] = (await inkBox(output)) ?? [0, 0, 0, 0]
    // "Hello" at 40 px is roughly 100 × 30 px
    expect(x1 - x0).toBeGreaterThan(70)
    expect(x1 - x0).toBeLessThan(140)
    expect(y1 - y0).toBeGreaterThan(20)
    expect(y1 - y0).toBeLessThan(45)
    expect(Math.abs((x0 + x1) / 2 - 150)).toBeLessThanOrEqual(2)
    expect(Math.abs((y0 + y1) / 2 - 100)).toBeLessThanOrEqual(2)
  })

  it('writes with the uploaded font', async (context) => {
    const mono = fontFiles.find((file) => file.endsWith('/DejaVuSansMono.ttf'))
    if (mono === undefined) {
      context.skip('needs DejaVuSansMono.ttf (Debian: apt-get install fonts-dejavu-core)')
      return
    }
    const monoResources = withFont(await readFile(mono))
    const narrow = (await inkBox(await written(await white(), { text: 'iiiiii', size: 30 }))) ?? []
    const wide =
      (await inkBox(
        await written(await white(), { text: 'iiiiii', size: 30 }, 1, monoResources)
      )) ?? []
    // every glyph of a monospaced font is as wide as an "m"; a proportional "i" is thin
    expect((wide[2] ?? 0) - (wide[0] ?? 0)).toBeGreaterThan(
      1.5 * ((narrow[2] ?? 0) - (narrow[0] ?? 0))
    )
  })

  it('writes larger text for a larger size', async () => {
    const small = (await inkBox(await written(await white(), { text: 'Hello', size: 20 }))) ?? [
      0, 0, 0, 0
    ]
    const large = (await inkBox(await written(await white(), { text: 'Hello', size: 40 }))) ?? [
      0, 0, 0, 0
    ]
    const ratio = (large[2] - large[0]) / (small[2] - small[0])
    expect(ratio).toBeGreaterThan(1.8)
    expect(ratio).toBeLessThan(2.2)
  })

  it('places the text at the anchor', async () => {
    const topLeft =
      (await inkBox(await written(await white(), { text: 'Hi', size: 30, anchor: 'left_top' }))) ??
      []
    expect(topLeft[0]).toBeLessThanOrEqual(1)
    expect(topLeft[1]).toBeLessThanOrEqual(1)
    const bottomRight =
      (await inkBox(
        await written(await white(), { text: 'Hi', size: 30, anchor: 'right_bottom' })
      )) ?? []
    expect(bottomRight[2]).toBeGreaterThanOrEqual(298)
    expect(bottomRight[3]).toBeGreaterThanOrEqual(198)
    const offset =
      (await inkBox(await written(await white(), { text: 'Hi', size: 30, anchor: '40_50' }))) ?? []
    expect(Math.abs((offset[0] ?? 0) - 40)).toBeLessThanOrEqual(1)
    expect(Math.abs((offset[1] ?? 0) - 50)).toBeLessThanOrEqual(1)
  })

  it('uses the colour and the opacity', async () => {
    const red = await written(await white(), { text: 'Hello', size: 40, color: 'FF0000' })
    const isRed = (r: number, g: number, b: number) => r > 240 && g < 15 && b < 15
    expect(await inkBox(red, isRed)).toBeDefined()
    const faint = await written(await white(), { text: 'Hello', size: 40, opacity: 50 })
    const isDark = (r: number) => r < 100
    const isGrey = (r: number) => r < 200
    expect(await inkBox(faint, isDark)).toBeUndefined()
    expect(await inkBox(faint, isGrey)).toBeDefined()
    expect(
      await inkBox(await written(await white(), { text: 'Hello', opacity: 0 }))
    ).toBeUndefined()
  })

  it('wraps at width and aligns the lines in the box', async () => {
    const text = 'Hello world, this is a long text that wraps'
    const single = (await inkBox(await written(await white(600, 300), { text, size: 20 }))) ?? [
      0, 0, 0, 0
    ]
    const left = await written(await white(600, 300), {
      text,
      size: 20,
      width: 150,
      anchor: 'left_top'
    })
    const [x0, y0, x1, y1] = (await inkBox(left)) ?? [0, 0, 0, 0]
    expect(x1 - x0).toBeLessThanOrEqual(150)
    expect(y1 - y0).toBeGreaterThan(2.5 * (single[3] - single[1]))
    expect(x0).toBeLessThanOrEqual(2)
    const right = await written(await white(600, 300), {
      text,
      size: 20,
      width: 300,
      align: 'right',
      anchor: 'left_top'
    })
    expect((await inkBox(right))?.[2]).toBeGreaterThanOrEqual(295)
    const centre = await written(await white(600, 300), {
      text: 'a b c d e f g h i j k l m n o p q r s t u v w x y z',
      size: 20,
      width: 300,
      align: 'centre',
      anchor: 'left_top'
    })
    const [cx0 = 0, , cx1 = 0] = (await inkBox(centre)) ?? []
    expect(Math.abs((cx0 + cx1) / 2 - 150)).toBeLessThanOrEqual(6)
  })

  it('cuts the text off at height, and centres short text in it', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve'
    const cut = await written(await white(400, 400), {
      text,
      size: 30,
      width: 120,
      height: 60,
      anchor: 'left_top'
    })
    expect((await inkBox(cut))?.[3]).toBeLessThan(60)
    const short = await written(await white(400, 400), {
      text: 'Hi',
      size: 20,
      width: 120,
      height: 200,
      anchor: 'left_top'
    })
    const [, y0 = 0, , y1 = 0] = (await inkBox(short)) ?? []
    expect(Math.abs((y0 + y1) / 2 - 100)).toBeLessThanOrEqual(3)
  })

  it('fits the whole text into width × height with resize_to_box', async () => {
    const text = 'one two three four five six seven eight nine ten eleven twelve'
    const output = await written(await white(400, 400), {
      text,
      size: 200,
      width: 200,
      height: 100,
      resize_to_box: true,
      anchor: 'left_top'
    })
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = (await inkBox(output)) ?? []
    expect(x1).toBeLessThan(200)
    expect(y1).toBeLessThan(100)
    // filled, not a speck: the text covers much of the box
    expect((x1 - x0) * (y1 - y0)).toBeGreaterThan(200 * 100 * 0.4)
  })

  it('adds spacing between lines', async () => {
    const tight = (await inkBox(await written(await white(), { text: 'A\nB', size: 20 }))) ?? [
      0, 0, 0, 0
    ]
    const loose = (await inkBox(
      await written(await white(), { text: 'A\nB', size: 20, spacing: 30 })
    )) ?? [0, 0, 0, 0]
    expect(loose[3] - loose[1] - (tight[3] - tight[1])).toBeGreaterThanOrEqual(28)
  })

  it('turns the text by angle', async () => {
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] =
      (await inkBox(await written(await white(), { text: 'Hello world', size: 20, angle: 90 }))) ??
      []
    expect(y1 - y0).toBeGreaterThan(2 * (x1 - x0))
  })

  it('writes markup characters literally', async () => {
    const plain = await inkBox(
      await written(await white(), { text: 'a <b>bold</b> & co', size: 20 })
    )
    expect(plain).toBeDefined()
    const [x0 = 0, , x1 = 0] = plain ?? []
    // the tags are written out, so the line is much wider than "a bold & co"
    const shorter = (await inkBox(
      await written(await white(), { text: 'a bold & co', size: 20 })
    )) ?? [0, 0, 0, 0]
    expect(x1 - x0).toBeGreaterThan(1.4 * (shorter[2] - shorter[0]))
  })

  it('scales the size with the dpr', async () => {
    const one = (await inkBox(await written(await white(), { text: 'Hello', size: 20 }))) ?? [
      0, 0, 0, 0
    ]
    const two = (await inkBox(await written(await white(), { text: 'Hello', size: 20 }, 2))) ?? [
      0, 0, 0, 0
    ]
    expect((two[2] - two[0]) / (one[2] - one[0])).toBeGreaterThan(1.8)
  })

  it('draws nothing for blank text', async () => {
    expect(await inkBox(await written(await white(), { text: '   ' }))).toBeUndefined()
  })

  it('refuses a font that is not a font', async () => {
    const ctx = await contextFor(await white(), {
      resources: {
        loadSourceImage: async () => ({ data: await makeFlat(4, 4, '#000'), format: 'png' })
      }
    })
    await expect(textOperation.apply(ctx, { font: 'abc', text: 'Hi' })).rejects.toMatchObject({
      code: 'invalid_option',
      status: 400,
      message:
        'Expected hash of an uploaded TrueType or OpenType font for text.font ' +
        'but received abc of type string'
    })
  })

  it('writes on every frame of an animation', async () => {
    const ctx = await contextFor(await makeAnimated(100, 40, ['#ffffff', '#ffff00']), {
      animated: true,
      resources: withFont()
    })
    await textOperation.apply(ctx, { font: 'f0f0f0', text: 'III', size: 40 })
    const frame = await ctx.raw()
    expect(frame).toMatchObject({ pages: 2, width: 100, height: 40 })
    for (const page of [0, 1]) {
      const row = [...Array(100).keys()].map((x) => framePixel(frame, page, x, 20)[0] ?? 255)
      expect(Math.min(...row)).toBeLessThan(50)
    }
  })
})
