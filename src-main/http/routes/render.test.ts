import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, injectUpload, type TestApp } from '../../testing/test-app'
import { makeQuadrants } from '../../engine/testing/images'
import { nodeUrlSigner } from '../../render/sign-node'

let t: TestApp
let hash: string
let original: Buffer

const upload = async (app: TestApp, data: Buffer, name = 'photo.png') => {
  const res = await injectUpload(app, [{ name: 'filedata', filename: name, data }])
  expect(res.statusCode).toBe(201)
  return res.json().items[0] as { hash: string; short_hash: string }
}

const putStack = (name: string, body: unknown, overwrite = false) =>
  t.app.inject({
    method: 'PUT',
    url: `/stacks/local/${name}${overwrite ? '?overwrite=true' : ''}`,
    headers: { 'api-key': t.apiKey },
    payload: JSON.stringify(body)
  })

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers })

const dimensions = async (data: Buffer) => {
  const meta = await sharp(data).metadata()
  return { format: meta.format, width: meta.width, height: meta.pageHeight ?? meta.height }
}

beforeAll(async () => {
  t = await createTestApp()
  original = await makeQuadrants(400, 300)
  hash = (await upload(t, original)).hash
  expect((await putStack('thumb', { operations: [{ name: 'resize', options: { width: 100, height: 100, mode: 'fill' } }, { name: 'crop', options: { width: 100, height: 100 } }] })).statusCode).toBe(201)
})
afterAll(async () => t.close())

describe('render URLs', () => {
  it('renders a named stack in the requested format and size', async () => {
    const res = await get(`/render/local/thumb/${hash}.jpg`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('image/jpeg')
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(await dimensions(res.rawPayload)).toEqual({ format: 'jpeg', width: 100, height: 100 })
  })

  it('serves the same render by host ({org}.localhost) and by short hash with an SEO name', async () => {
    const byPath = await get(`/render/local/thumb/${hash}.png`)
    const byHost = await get(`/thumb/${hash.slice(0, 8)}/holiday-photo-v2.png`, { host: 'local.localhost' })
    expect(byHost.statusCode).toBe(200)
    expect(byHost.rawPayload.equals(byPath.rawPayload)).toBe(true)
  })

  it('renders dynamic stacks from the URL', async () => {
    const res = await get(`/render/local/dynamic/resize-width-200--crop-width-100-height-50/${hash}.webp`)
    expect(await dimensions(res.rawPayload)).toEqual({ format: 'webp', width: 100, height: 50 })
  })

  it('lets URL parts override operation and stack options', async () => {
    const res = await get(`/render/local/thumb/resize-width-50-height-50--crop-width-50-height-50--o-jpg.quality-20/${hash}.jpg`)
    expect(await dimensions(res.rawPayload)).toEqual({ format: 'jpeg', width: 50, height: 50 })
  })

  it('multiplies sizes by dpr', async () => {
    const res = await get(`/render/local/thumb/o-dpr-2/${hash}.png`)
    expect(await dimensions(res.rawPayload)).toMatchObject({ width: 200, height: 200 })
  })

  it('refuses dpr without a resize in the stack', async () => {
    const res = await get(`/render/local/dynamic/crop-width-10-height-10--o-dpr-2/${hash}.png`)
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/dpr option needs a resize/)
  })

  it('answers 400 naming a bad option, 404 for unknown stacks, images and deleted images', async () => {
    const bad = await get(`/render/local/dynamic/resize-width-0/${hash}.png`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('Expected integer between 1 and 10000 for resize.width but received 0 of type number')
    expect((await get(`/render/local/nope/${hash}.png`)).statusCode).toBe(404)
    expect((await get(`/render/local/thumb/${'0'.repeat(40)}.png`)).statusCode).toBe(404)
    const other = await upload(t, await makeQuadrants(50, 50, ['#111111', '#222222', '#333333', '#444444']))
    await t.app.inject({ method: 'DELETE', url: `/sourceimages/local/${other.hash}`, headers: { 'api-key': t.apiKey } })
    expect((await get(`/render/local/thumb/${other.hash}.png`)).statusCode).toBe(404)
  })

  it('refuses formats it cannot write and output over 10000 px', async () => {
    const heic = await get(`/render/local/thumb/${hash}.heic`)
    expect(heic.statusCode).toBe(400)
    expect(heic.json().message).toMatch(/cannot render HEIC/)
    const huge = await get(`/render/local/dynamic/resize-width-8000--o-dpr-2/${hash}.png`)
    expect(huge.statusCode).toBe(400)
  })

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get(`/render/local/thumb/${hash}.png`)
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/)
    const again = await get(`/render/local/thumb/${hash}.png`, { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
  })

  it('never caches _preview stacks', async () => {
    await putStack('_preview_a', { operations: [{ name: 'resize', options: { width: 10 } }] })
    const before = t.services.renderCount()
    const res = await get(`/render/local/_preview_a/${hash}.png`)
    await get(`/render/local/_preview_a/${hash}.png`)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(t.services.renderCount() - before).toBe(2)
  })

  it('renders 50 identical cold requests once, with identical bytes', async () => {
    const before = t.services.renderCount()
    const url = `/render/local/dynamic/resize-width-123/${hash}.png`
    const answers = await Promise.all(Array.from({ length: 50 }, () => get(url)))
    expect(t.services.renderCount() - before).toBe(1)
    const digests = new Set(answers.map((a) => createHash('sha1').update(a.rawPayload).digest('hex')))
    expect(answers.every((a) => a.statusCode === 200)).toBe(true)
    expect(digests.size).toBe(1)
  })

  it('serves no stale render after the stack is overwritten', async () => {
    await putStack('changing', { operations: [{ name: 'resize', options: { width: 60 } }] })
    expect((await dimensions((await get(`/render/local/changing/${hash}.png`)).rawPayload)).width).toBe(60)
    await putStack('changing', { operations: [{ name: 'resize', options: { width: 70 } }] }, true)
    expect((await dimensions((await get(`/render/local/changing/${hash}.png`)).rawPayload)).width).toBe(70)
  })

  it('re-renders after the stack cache is purged', async () => {
    await get(`/render/local/thumb/${hash}.gif`)
    const before = t.services.renderCount()
    const purge = await t.app.inject({ method: 'DELETE', url: '/stacks/local/thumb/cache', headers: { 'api-key': t.apiKey } })
    expect(purge.json()).toEqual({ status: 'ok' })
    await get(`/render/local/thumb/${hash}.gif`)
    expect(t.services.renderCount() - before).toBe(1)
  })

  it('delivers the exact original through a source_file stack', async () => {
    await putStack('original', { operations: [], options: { source_file: true } })
    const res = await get(`/render/local/original/${hash}.png`)
    expect(res.rawPayload.equals(original)).toBe(true)
  })

  it('picks WebP for autoformat stacks when the browser accepts it, and varies on Accept', async () => {
    await putStack('auto', { operations: [{ name: 'resize', options: { width: 80 } }], options: { autoformat: true } })
    const webp = await get(`/render/local/auto/${hash}.jpg`, { accept: 'image/webp,*/*' })
    const jpeg = await get(`/render/local/auto/${hash}.jpg`, { accept: 'image/png,*/*' })
    expect(webp.headers['content-type']).toBe('image/webp')
    expect(jpeg.headers['content-type']).toBe('image/jpeg')
    expect(webp.headers.vary).toBe('Accept')
  })

  it('sends attachment disposition when the stack asks for it', async () => {
    await putStack('download', { operations: [{ name: 'resize', options: { width: 20 } }], options: { content_disposition: 'attachment' } })
    const res = await get(`/render/local/download/${hash}/my-file.png`)
    expect(res.headers['content-disposition']).toMatch(/^attachment; .*filename="my-file.png"$/)
  })
})

describe('protected stacks', () => {
  it('needs a valid, unexpired signature', async () => {
    await putStack('secret', { operations: [{ name: 'resize', options: { width: 30 } }], options: { protected: true } })
    const org = await t.app.inject({ url: '/organizations/local', headers: { 'api-key': t.apiKey } })
    const key = org.json().signing_keys[0].key as string
    const path = `/render/local/secret/${hash}.png`
    expect((await get(path)).statusCode).toBe(403)
    const signed = nodeUrlSigner.signUrl(path, key)
    expect((await get(signed)).statusCode).toBe(200)
    expect((await get(signed.replace(/.{1}$/, (c) => (c === '0' ? '1' : '0')))).statusCode).toBe(403)
    const expired = nodeUrlSigner.signUrl(path, key, new Date(Date.now() - 60_000))
    const res = await get(expired)
    expect(res.statusCode).toBe(403)
    expect(res.json().message).toMatch(/expired/)
  })
})

describe('render queue', () => {
  it('answers 429 with Retry-After when the queue is full', async () => {
    const busy = await createTestApp({ renderConcurrency: 1, renderQueueLength: 0 })
    try {
      const big = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#888', noise: { type: 'gaussian', mean: 128, sigma: 50 } } }).png().toBuffer()
      const image = await upload(busy, big, 'big.png')
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => busy.app.inject({ url: `/render/local/dynamic/resize-width-${1000 + i}/${image.hash}.jpg` }))
      )
      const refused = answers.filter((a) => a.statusCode === 429)
      expect(refused.length).toBeGreaterThan(0)
      expect(refused[0]?.headers['retry-after']).toBe('1')
      expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 429)).toBe(true)
    } finally {
      await busy.close()
    }
  })
})
