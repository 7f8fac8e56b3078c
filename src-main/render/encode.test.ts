import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeImage, type EncodeSettings } from './encode'
import type { Negotiated } from './negotiate'
import { pixelAt } from '../engine/testing/images'

let photo: Buffer
let withAlpha: Buffer

beforeAll(async () => {
  photo = await sharp({
    create: { width: 320, height: 240, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 120, sigma: 45 } }
  })
    .blur(1.2)
    .png()
    .toBuffer()
  // Left half transparent, right half opaque red.
  withAlpha = await sharp({ create: { width: 40, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: await sharp({ create: { width: 20, height: 20, channels: 4, background: '#ff0000ff' } }).png().toBuffer(), left: 20, top: 0 }])
    .png()
    .toBuffer()
})

const as = (format: Negotiated['format'], extra: Partial<Negotiated> = {}): Negotiated => ({
  format,
  lossless: false,
  variesOnAccept: false,
  ...extra
})

const encode = (input: Buffer, negotiated: Negotiated, options: Record<string, unknown> = {}, dpr = 1) => {
  const settings: EncodeSettings = { negotiated, options, explicit: options, dpr }
  return encodeImage(sharp(input), settings)
}

describe('encodeImage stack options', () => {
  it('jpg.quality: a lower quality gives a smaller file', async () => {
    const high = await encode(photo, as('jpg'), { 'jpg.quality': 95 })
    const low = await encode(photo, as('jpg'), { 'jpg.quality': 30 })
    expect(low.data.length).toBeLessThan(high.data.length * 0.6)
  })

  it('lowers the default JPEG and WebP quality by 10 above dpr 1.5, but not a quality that was set', async () => {
    const atOne = await encode(photo, as('jpg'), {}, 1)
    const atTwo = await encode(photo, as('jpg'), {}, 2)
    const asSeventy = await encode(photo, as('jpg'), { 'jpg.quality': 70 }, 1)
    expect(atTwo.data.equals(asSeventy.data)).toBe(true)
    expect(atOne.data.length).toBeGreaterThan(atTwo.data.length)
    const setAtTwo = await encode(photo, as('jpg'), { 'jpg.quality': 80 }, 2)
    expect(setAtTwo.data.equals(atOne.data)).toBe(true)
    const webpOne = await encode(photo, as('webp'), {}, 1)
    const webpTwo = await encode(photo, as('webp'), {}, 2)
    expect(webpTwo.data.length).toBeLessThan(webpOne.data.length)
  })

  it('webp.quality 100 and lossless negotiation keep every pixel', async () => {
    for (const [negotiated, options] of [[as('webp'), { 'webp.quality': 100 }], [as('webp', { lossless: true }), {}]] as const) {
      const out = await encode(photo, negotiated, options)
      const decoded = await sharp(out.data).raw().toBuffer()
      expect(decoded.equals(await sharp(photo).raw().toBuffer())).toBe(true)
    }
  })

  it('avif.quality changes the file', async () => {
    const high = await encode(photo, as('avif'), { 'avif.quality': 90 })
    const low = await encode(photo, as('avif'), { 'avif.quality': 20 })
    expect(low.data.length).toBeLessThan(high.data.length)
    expect((await sharp(low.data).metadata()).format).toBe('heif')
  })

  it('gif.quality below 100 uses fewer colours', async () => {
    const lossless = await encode(photo, as('gif'), { 'gif.quality': 100 })
    const lossy = await encode(photo, as('gif'), { 'gif.quality': 20 })
    expect(lossy.data.length).toBeLessThan(lossless.data.length)
  })

  it('png.compression_level trades size for speed', async () => {
    const options = { 'optim.disable_all': true }
    const none = await encode(photo, as('png'), { ...options, 'png.compression_level': 0 })
    const best = await encode(photo, as('png'), { ...options, 'png.compression_level': 9 })
    expect(best.data.length).toBeLessThan(none.data.length)
  })

  it('quantises PNG to a palette by pngquant.quality, unless optimisation is off or quality is 100', async () => {
    const palette = async (options: Record<string, unknown>) =>
      (await sharp((await encode(photo, as('png'), options)).data).metadata()).isPalette
    expect(await palette({})).toBe(true)
    expect(await palette({ 'pngquant.quality': 100 })).toBe(false)
    expect(await palette({ 'optim.disable_all': true })).toBe(false)
  })

  it('interlacing.mode none gives a baseline JPEG; the default is progressive', async () => {
    const progressive = async (options: Record<string, unknown>) =>
      (await sharp((await encode(photo, as('jpg'), options)).data).metadata()).isProgressive
    expect(await progressive({})).toBe(true)
    expect(await progressive({ 'interlacing.mode': 'none' })).toBe(false)
  })

  it('optim.disable_all switches MozJPEG off', async () => {
    const optimised = await encode(photo, as('jpg'), { 'jpg.quality': 80 })
    const plain = await encode(photo, as('jpg'), { 'jpg.quality': 80, 'optim.disable_all': true })
    expect(optimised.data.equals(plain.data)).toBe(false)
    expect(optimised.data.length).toBeLessThan(plain.data.length)
  })

  it('flattens transparency onto the negotiated colour', async () => {
    const out = await encode(withAlpha, as('png', { flattenColour: '00FF00' }))
    expect(await pixelAt(out.data, 5, 10)).toEqual([0, 255, 0, 255])
    expect(await pixelAt(out.data, 30, 10)).toEqual([255, 0, 0, 255])
  })

  it('dpi sets the density recorded in PNG', async () => {
    const out = await encode(photo, as('png'), { dpi: 300, 'optim.disable_all': true })
    expect(Math.round((await sharp(out.data).metadata()).density ?? 0)).toBe(300)
  })
})
