import { availableParallelism } from 'node:os'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, injectUpload, type TestApp } from '../testing/test-app'
import { libvipsThreadsPerRender } from './libvips-threads'

let t: TestApp
let hash: string
const cores = availableParallelism()
const before = sharp.concurrency()

beforeAll(async () => {
  t = await createTestApp({ renderConcurrency: 2 })
  // noise, so the blurs below take long enough to overlap
  const data = await sharp({ create: { width: 1500, height: 1500, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer()
  const res = await injectUpload(t, [{ name: 'filedata', filename: 'noise.png', data }])
  expect(res.statusCode).toBe(201)
  hash = res.json().items[0].hash
})
afterAll(async () => {
  sharp.concurrency(before)
  await t.close()
})

const render = (sigma: number) => t.app.inject({ url: `/render/local/dynamic/blur-sigma-${sigma}/${hash}.png` })

describe('libvips threads of renders', () => {
  it('gives a render running alone every core', async () => {
    sharp.concurrency(cores + 5)
    expect((await render(3)).statusCode).toBe(200)
    expect(sharp.concurrency()).toBe(libvipsThreadsPerRender(cores, 1))
  })

  it('shares the cores out when renders run side by side', async () => {
    sharp.concurrency(cores + 5)
    const answers = await Promise.all([render(4), render(5)])
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200])
    // the second started while the first ran
    expect(sharp.concurrency()).toBe(libvipsThreadsPerRender(cores, 2))
  })
})
