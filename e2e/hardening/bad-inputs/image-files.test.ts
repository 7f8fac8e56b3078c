import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { useHeadlessTarget, type Target } from '../support/target-server'
import { peakGrowthDuring } from '../support/process-memory'
import { recordFigures } from '../support/figures'
import type { Answer } from '../support/http-client'
import {
  appSegment,
  badCrcPng,
  exifPayload,
  flatPng,
  hugeHeaderPng,
  jpegSegments,
  manyScansJpeg,
  manyTextChunksPng,
  oversizedFrameGif,
  tiffPages,
  withSegments,
  zTxtBombPng
} from '../support/crafted-files'

/** Generous: the headless server idles near 150 MB; decoding a refused image must not add this. */
const RSS_BUDGET_MB = 100

const target = useHeadlessTarget()

const noise = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })

interface Tried {
  answer: Answer
  peakGrowthMb: number
}

/** Uploads `data` as `filedata`, measuring the server's memory peak; the server must answer after. */
const tryUpload = async (t: Target, data: Buffer, name = 'upload.jpg', type = 'image/jpeg'): Promise<Tried> => {
  const { result, peakGrowthMb } = await peakGrowthDuring(t.pid, () => t.uploadFile(data, name, type))
  expect(await t.isAlive(), 'the server still answers').toBe(true)
  expect(peakGrowthMb, 'peak RSS growth of the server (MB)').toBeLessThan(RSS_BUDGET_MB)
  return { answer: result, peakGrowthMb }
}

const expectRefused = (answer: Answer, status: number, message: RegExp) => {
  expect(answer.status, answer.text()).toBe(status)
  expect(answer.json()).toMatchObject({ code: status, message: expect.stringMatching(message) })
}

const figures = (tried: Tried, extra: Record<string, number | string | boolean> = {}) => ({
  status: tried.answer.status,
  ms: Math.round(tried.answer.ms),
  rssPeakGrowthMb: tried.peakGrowthMb,
  ...extra
})

const listedCount = async (t: Target): Promise<number> => {
  const answer = await t.send('/sourceimages/local?limit=1000', { headers: { 'api-key': t.apiKey } })
  return answer.json<{ total: number }>().total
}

describe('bad image files sent to upload (test plan 5.3)', () => {
  it('B1: zero-byte file → 400, nothing stored', async () => {
    const before = await listedCount(target)
    const tried = await tryUpload(target, Buffer.alloc(0))
    expectRefused(tried.answer, 400, /empty/)
    expect(await listedCount(target)).toBe(before)
    recordFigures('B1', figures(tried, { bytes: 0 }))
  })

  it('B2: JPEG truncated at 50% → 400 damaged, no crash', async () => {
    const jpeg = await noise(640, 480).jpeg({ quality: 90 }).toBuffer()
    const tried = await tryUpload(target, jpeg.subarray(0, jpeg.length >> 1))
    expectRefused(tried.answer, 400, /JPEG file is truncated or damaged/)
    recordFigures('B2', figures(tried, { bytes: jpeg.length >> 1 }))
  })

  it('B3: random bytes named .jpg sent as image/jpeg → 400, the bytes decide', async () => {
    const random = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 251))
    const tried = await tryUpload(target, random, 'photo.jpg', 'image/jpeg')
    expectRefused(tried.answer, 400, /not an image Darkroom can read/)
    recordFigures('B3', figures(tried, { bytes: random.length }))
  })

  it('B4: PNG declaring 20000×20000, single colour, under 1 MB → 400 before decoding', async () => {
    const png = flatPng(20000, 20000)
    expect(png.length).toBeLessThan(1024 * 1024)
    const tried = await tryUpload(target, png, 'flat.png', 'image/png')
    expectRefused(tried.answer, 400, /20000 × 20000 pixels .*at most 225 megapixels/)
    recordFigures('B4', figures(tried, { bytes: png.length, declaredMegapixels: 400 }))
  })

  it('B5: PNG header 65535×65535 with a minimal IDAT → 400 fast', async () => {
    const tried = await tryUpload(target, hugeHeaderPng(), 'huge.png', 'image/png')
    expectRefused(tried.answer, 400, /65535 × 65535 pixels/)
    // Deadline, not a benchmark: refusing from the header must not wait for a decode.
    expect(tried.answer.ms).toBeLessThan(5_000)
    recordFigures('B5', figures(tried))
  })

  it('B6: PNG with 10,000 tEXt chunks, and one with a zTXt inflating to 1 GB → no inflation, no memory spike', async () => {
    // Both are valid PNGs; Darkroom keeps no text chunks, so it stores them without inflating
    // anything (rokka stores any valid PNG). The budget is the protection the test checks.
    const many = await tryUpload(target, manyTextChunksPng(10_000), 'text.png', 'image/png')
    expect(many.answer.status, many.answer.text()).toBe(201)
    const bomb = await tryUpload(target, zTxtBombPng(), 'bomb.png', 'image/png')
    expect(bomb.answer.status, bomb.answer.text()).toBe(201)
    const stored = bomb.answer.json<{ items: { hash: string; static_metadata: object }[] }>().items[0]
    expect(JSON.stringify(stored?.static_metadata ?? {}).length).toBeLessThan(1000)
    const render = await target.send(`/render/local/dynamic/resize-width-4/${stored?.hash}.png`, { deadlineMs: 20_000 })
    expect(render.status).toBe(200)
    expect(render.body.length).toBeLessThan(10_000)
    expect(await target.isAlive()).toBe(true)
    recordFigures('B6', {
      textChunksStatus: many.answer.status,
      textChunksRssPeakGrowthMb: many.peakGrowthMb,
      zTxtBombStatus: bomb.answer.status,
      zTxtBombRssPeakGrowthMb: bomb.peakGrowthMb,
      zTxtInflatesToMb: 1024
    })
  })

  it('B7: PNG whose chunk CRCs are wrong → 400', async () => {
    const tried = await tryUpload(target, badCrcPng(), 'crc.png', 'image/png')
    expectRefused(tried.answer, 400, /PNG file is truncated or damaged .*CRC/)
    recordFigures('B7', figures(tried))
  })

  it('B10: GIF with a 1×1 screen and a 60000×60000 frame → 400, no large allocation', async () => {
    const tried = await tryUpload(target, oversizedFrameGif(), 'frame.gif', 'image/gif')
    expectRefused(tried.answer, 400, /60000 × 60000 pixels/)
    recordFigures('B10', figures(tried))
  })

  it('B11: progressive JPEG with 500 scans → 400 or stored, well within the time limit', async () => {
    const progressive = await noise(320, 240).jpeg({ progressive: true, quality: 90 }).toBuffer()
    const crafted = manyScansJpeg(progressive, 500)
    expect(jpegSegments(crafted).filter((s) => s.marker === 0xda).length).toBe(500)
    const tried = await tryUpload(target, crafted)
    expect([201, 400]).toContain(tried.answer.status)
    if (tried.answer.status === 400) expectRefused(tried.answer, 400, /JPEG file is truncated or damaged/)
    expect(tried.answer.ms).toBeLessThan(25_000)
    recordFigures('B11', figures(tried, { scans: 500 }))
  })

  it('B12: JPEG with 50 copies of a 64 KB-ish ICC chunk, a 60 KB EXIF and orientation 9 → stored, orientation ignored, metadata small', async () => {
    const base = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } })
      .composite([{ input: await sharp({ create: { width: 150, height: 200, channels: 3, background: '#ff0000' } }).png().toBuffer(), left: 0, top: 0 }])
      .jpeg()
      .toBuffer()
    const withIcc = await sharp(base).withIccProfile('p3').jpeg().toBuffer()
    const icc = jpegSegments(withIcc).find((s) => s.marker === 0xe2)
    if (!icc) throw new Error('sharp wrote no ICC segment')
    const crafted = withSegments(base, [appSegment(0xe1, exifPayload(9, 60_000)), ...Array.from({ length: 50 }, () => icc.bytes)])
    const tried = await tryUpload(target, crafted)
    expect(tried.answer.status, tried.answer.text()).toBe(201)
    const item = tried.answer.json<{ items: { hash: string; width: number; height: number; static_metadata: Record<string, unknown> }[] }>().items[0]
    expect(item).toMatchObject({ width: 300, height: 200 })
    // libvips reads the invalid 9 as "no rotation"; either way nothing claims a real orientation
    expect([undefined, 1]).toContain(item?.static_metadata.exif_orientation)
    expect(tried.answer.body.length).toBeLessThan(4000)
    const render = await target.send(`/render/local/dynamic/resize-width-30/${item?.hash}.png`)
    expect(render.status).toBe(200)
    const { data, info } = await sharp(render.body).raw().toBuffer({ resolveWithObject: true })
    // orientation 9 means nothing: not rotated (still landscape, red still on the left)
    expect([info.width, info.height]).toEqual([30, 20])
    expect(data[0]).toBeGreaterThan(200)
    expect(render.body.length).toBeLessThan(5000)
    recordFigures('B12', figures(tried, { bytes: crafted.length, iccCopies: 50, exifBytes: 60_000 }))
  })

  it('B13: TIFF whose IFDs point back in a cycle, and one with 10,000 pages → stored page-capped or 400, no hang', async () => {
    const cyclic = await tryUpload(target, tiffPages(3, true), 'cycle.tif', 'image/tiff')
    const paged = await tryUpload(target, tiffPages(10_000, false), 'pages.tif', 'image/tiff')
    for (const tried of [cyclic, paged]) {
      expect([201, 400]).toContain(tried.answer.status)
      expect(tried.answer.ms).toBeLessThan(25_000)
      if (tried.answer.status !== 201) continue
      const hash = tried.answer.json<{ items: { hash: string }[] }>().items[0]?.hash
      const render = await target.send(`/render/local/dynamic/resize-width-10/${hash}.png`, { deadlineMs: 30_000 })
      expect(render.status).toBe(200)
    }
    recordFigures('B13', {
      cyclicStatus: cyclic.answer.status,
      cyclicMs: Math.round(cyclic.answer.ms),
      pagesStatus: paged.answer.status,
      pagesMs: Math.round(paged.answer.ms),
      rssPeakGrowthMb: Math.max(cyclic.peakGrowthMb, paged.peakGrowthMb)
    })
  })
})
