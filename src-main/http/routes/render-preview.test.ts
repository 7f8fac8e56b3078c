import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, multipartBody, type TestApp } from '../../testing/test-app'

let t: TestApp
let hash: string

beforeAll(async () => {
  t = await createTestApp()
  const photo = await sharp({
    create: { width: 320, height: 240, channels: 3, background: '#6a8', noise: { type: 'gaussian', mean: 120, sigma: 40 } }
  })
    .jpeg()
    .toBuffer()
  const { body, contentType } = multipartBody([{ name: 'filedata', filename: 'noise.jpg', data: photo }])
  const res = await t.app.inject({ method: 'POST', url: '/sourceimages/local', headers: { 'api-key': t.apiKey, 'content-type': contentType }, payload: body })
  hash = res.json().items[0].hash
})
afterAll(async () => t.close())

const render = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers })

describe('live previews', () => {
  it('encode AVIF at the fast preview effort when the studio marks the request, as a variant of its own', async () => {
    const url = `/render/local/dynamic/resize-width-200/${hash}.avif`
    const full = await render(url)
    const preview = await render(url, { 'x-darkroom-preview': '1' })
    expect(full.statusCode).toBe(200)
    expect(preview.statusCode).toBe(200)
    expect(preview.headers['x-darkroom-render']).toBe('rendered')
    expect(preview.headers.etag).not.toBe(full.headers.etag)
    expect(preview.rawPayload.equals(full.rawPayload)).toBe(false)
    const meta = await sharp(preview.rawPayload).metadata()
    expect(meta).toMatchObject({ format: 'heif', compression: 'av1', width: 200, height: 150 })
    // the full-effort render stays what an unmarked request gets
    const again = await render(url)
    expect(again.headers['x-darkroom-render']).toBe('cache')
    expect(again.rawPayload.equals(full.rawPayload)).toBe(true)
  })

  it('leave JPEG and WebP previews byte for byte as published', async () => {
    for (const format of ['jpg', 'webp']) {
      const url = `/render/local/dynamic/resize-width-120/${hash}.${format}`
      const full = await render(url)
      const preview = await render(url, { 'x-darkroom-preview': '1' })
      expect(preview.rawPayload.equals(full.rawPayload)).toBe(true)
    }
  })

  it('serve cached renders from memory with their bytes, and forget them when the cache is purged', async () => {
    const stack = { operations: [{ name: 'resize', options: { width: 90 } }] }
    const put = await t.app.inject({ method: 'PUT', url: '/stacks/local/small', headers: { 'api-key': t.apiKey }, payload: JSON.stringify(stack) })
    expect(put.statusCode).toBe(201)
    const url = `/render/local/small/${hash}.png`
    const first = await render(url)
    const second = await render(url)
    expect(second.headers['x-darkroom-render']).toBe('cache')
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(Number(second.headers['content-length'])).toBe(first.rawPayload.length)
    const purge = await t.app.inject({ method: 'DELETE', url: '/stacks/local/small/cache', headers: { 'api-key': t.apiKey } })
    expect(purge.statusCode).toBe(200)
    expect((await render(url)).headers['x-darkroom-render']).toBe('rendered')
  })
})
