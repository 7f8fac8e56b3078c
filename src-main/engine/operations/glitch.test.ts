import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { contextFor, imageDistance, makeQuadrants, renderedPng } from '../testing/images'
import { glitchOperation } from './glitch'

/** Horizontal stripes of many colours, so that every kind of glitch shows. */
const stripes = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120">' +
        ['#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4']
          .map((colour, i) => `<rect y="${i * 20}" width="200" height="20" fill="${colour}"/>`)
          .join('') +
        '<circle cx="100" cy="60" r="40" fill="#ffffff"/></svg>'
    )
  )
    .png()
    .toBuffer()

const glitched = async (input: Buffer, options: Record<string, unknown>) => {
  const ctx = await contextFor(input)
  await glitchOperation.apply(ctx, options)
  return renderedPng(ctx)
}

const rawOf = (png: Buffer) => sharp(png).raw().toBuffer()

describe('glitch', () => {
  it('changes the picture but keeps its size', async () => {
    const input = await stripes()
    const output = await glitched(input, {})
    expect(await sharp(output).metadata()).toMatchObject({ width: 200, height: 120 })
    expect(await imageDistance(output, input)).toBeGreaterThan(1)
  })

  it('gives the same picture for the same seed', async () => {
    const input = await stripes()
    const first = await rawOf(await glitched(input, { amount: 6, random: 'abc' }))
    const second = await rawOf(await glitched(input, { amount: 6, random: 'abc' }))
    expect(first.equals(second)).toBe(true)
  })

  it('gives another picture for another seed', async () => {
    const input = await stripes()
    const first = await glitched(input, { amount: 6, random: 'abc' })
    const second = await glitched(input, { amount: 6, random: 'abd' })
    expect(await imageDistance(first, second)).toBeGreaterThan(1)
  })

  it('changes more with a larger amount', async () => {
    const input = await stripes()
    const changedPixels = async (amount: number) => {
      const [before, after] = await Promise.all([
        rawOf(input),
        rawOf(await glitched(input, { amount, random: 'x' }))
      ])
      let changed = 0
      for (let i = 0; i < before.length; i += 1) if (before[i] !== after[i]) changed += 1
      return changed
    }
    const [one, five, ten] = await Promise.all([
      changedPixels(1),
      changedPixels(5),
      changedPixels(10)
    ])
    expect(one).toBeGreaterThan(0)
    expect(five).toBeGreaterThan(one)
    expect(ten).toBeGreaterThan(five)
  })

  it('leaves the picture alone at amount 0', async () => {
    const input = await makeQuadrants(40, 40)
    expect((await rawOf(await glitched(input, { amount: 0 }))).equals(await rawOf(input))).toBe(
      true
    )
  })

  it('keeps alpha as it was', async () => {
    const input = await sharp({
      create: {
        width: 60,
        height: 60,
        channels: 4,
        background: { r: 10, g: 200, b: 90, alpha: 0.5 }
      }
    })
      .png()
      .toBuffer()
    const { data, info } = await sharp(await glitched(input, { amount: 10 }))
      .raw()
      .toBuffer({ resolveWithObject: true })
    expect(info.channels).toBe(4)
    for (let i = 3; i < data.length; i += 4) expect(data[i]).toBe(128)
  })

  it('glitches every frame of an animation, each its own way', async () => {
    const { data, info } = await sharp(await stripes())
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    // the second frame differs by one step in one pixel, so the encoder keeps both frames
    const second = Buffer.from(data)
    second[0] = (second[0] ?? 0) ^ 1
    const animation = await sharp(Buffer.concat([data, second]), {
      raw: { width: info.width, height: info.height * 2, channels: 4, pageHeight: info.height }
    })
      .webp({ lossless: true, delay: [100, 100] })
      .toBuffer()
    const ctx = await contextFor(animation, { animated: true })
    await glitchOperation.apply(ctx, { amount: 8, random: 'frames' })
    const frame = await ctx.raw()
    expect(frame.pages).toBe(2)
    const bytes = frame.width * frame.height * frame.channels
    let differing = 0
    for (let i = 0; i < bytes; i += 1) if (frame.data[i] !== frame.data[bytes + i]) differing += 1
    expect(differing).toBeGreaterThan(1000)
  })
})
