import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { useHeadlessTarget } from '../support/target-server'
import { peakGrowthDuring } from '../support/process-memory'
import { recordFigures } from '../support/figures'
import { bigFramesGif, manyFramesGif } from '../support/crafted-files'
import { MAX_ANIMATION_FRAMES } from '../../../src-main/render/animation-limits'

const RSS_BUDGET_MB = 200
const target = useHeadlessTarget()

const uploadGif = async (data: Buffer) => {
  const answer = await target.uploadFile(data, 'anim.gif', 'image/gif')
  expect(answer.status, answer.text()).toBe(201)
  return answer.json<{ items: { hash: string; width: number; height: number; static_metadata: { pages?: number } }[] }>().items[0] as {
    hash: string
    width: number
    height: number
    static_metadata: { pages?: number }
  }
}

describe('animated GIFs past the caps (test plan 5.3)', () => {
  it(`B8: GIF of 10,000 frames of 1×1 → stored with its pages; animated render refused past ${MAX_ANIMATION_FRAMES} frames; still render of frame 1`, async () => {
    const gif = manyFramesGif(10_000)
    const image = await uploadGif(gif)
    expect(image.static_metadata.pages).toBe(10_000)
    const { result, peakGrowthMb } = await peakGrowthDuring(target.pid, async () => {
      const animated = await target.send(`/render/local/dynamic/resize-width-50/${image.hash}.gif`, { deadlineMs: 30_000 })
      const webp = await target.send(`/render/local/dynamic/resize-width-50/${image.hash}.webp`, { deadlineMs: 30_000 })
      const still = await target.send(`/render/local/dynamic/resize-width-50/${image.hash}.png`, { deadlineMs: 30_000 })
      return { animated, webp, still }
    })
    for (const refused of [result.animated, result.webp]) {
      expect(refused.status, refused.text()).toBe(400)
      expect(refused.json().message).toMatch(/10000 frames; Darkroom renders animations of at most 1000 frames/)
    }
    expect(result.still.status).toBe(200)
    const still = await sharp(result.still.body).metadata()
    expect([still.width, still.height, still.pages ?? 1]).toEqual([50, 50, 1])
    expect(peakGrowthMb).toBeLessThan(RSS_BUDGET_MB)
    expect(await target.isAlive()).toBe(true)
    recordFigures('B8', {
      frames: 10_000,
      uploadBytes: gif.length,
      animatedStatus: result.animated.status,
      animatedMs: Math.round(result.animated.ms),
      stillStatus: result.still.status,
      stillMs: Math.round(result.still.ms),
      rssPeakGrowthMb: peakGrowthMb
    })
  })

  it('B9: GIF of 500 frames of 2000×2000 → animated render refused by the total-pixel cap (not a 500), still render works', async () => {
    const image = await uploadGif(bigFramesGif(500, 2000))
    expect(image).toMatchObject({ width: 2000, height: 2000, static_metadata: { pages: 500 } })
    const { result, peakGrowthMb } = await peakGrowthDuring(target.pid, async () => ({
      animated: await target.send(`/render/local/dynamic/resize-width-100/${image.hash}.gif`, { deadlineMs: 30_000 }),
      webp: await target.send(`/render/local/dynamic/resize-width-100/${image.hash}.webp`, { deadlineMs: 30_000 }),
      still: await target.send(`/render/local/dynamic/resize-width-100/${image.hash}.jpg`, { deadlineMs: 30_000 })
    }))
    for (const refused of [result.animated, result.webp]) {
      expect(refused.status, refused.text()).toBe(400)
      expect(refused.json().message).toMatch(/500 frames of 2000 × 2000 pixels \(2000 megapixels together\)/)
    }
    expect(result.still.status).toBe(200)
    expect(peakGrowthMb).toBeLessThan(RSS_BUDGET_MB)
    recordFigures('B9', {
      frames: 500,
      frameSide: 2000,
      animatedStatus: result.animated.status,
      stillStatus: result.still.status,
      stillMs: Math.round(result.still.ms),
      rssPeakGrowthMb: peakGrowthMb
    })
  })

  it(`B8: an animation of exactly ${MAX_ANIMATION_FRAMES} frames still renders animated`, async () => {
    const image = await uploadGif(manyFramesGif(MAX_ANIMATION_FRAMES))
    const answer = await target.send(`/render/local/dynamic/resize-width-2/${image.hash}.gif`, { deadlineMs: 30_000 })
    expect(answer.status, answer.text()).toBe(200)
    // identical frames may be merged by the encoder; what matters is that it is not refused
    expect(answer.headers['content-type']).toBe('image/gif')
  })
})
