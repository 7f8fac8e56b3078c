import { readFile, unlink, writeFile } from 'node:fs/promises'
import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import type { DarkroomHealth } from '../../../src-shared/api/health'
import { HEALTH_LIST_LIMIT } from '../../library/store-health'
import { createTestApp, multipartBody, type TestApp } from '../../testing/test-app'

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const app = () => t as TestApp

const upload = async (seed: number, name: string) => {
  const data = await sharp({
    create: {
      width: 30,
      height: 20,
      channels: 3,
      // a colour of its own for every seed up to 255, so each upload is a new original
      background: { r: (seed * 50) % 256, g: (90 + seed) % 256, b: Math.abs(200 - seed * 40) % 256 }
    }
  })
    .png()
    .toBuffer()
  const { body, contentType } = multipartBody([{ name: 'filedata', filename: name, data }])
  const res = await app().app.inject({
    method: 'POST',
    url: '/sourceimages/local',
    headers: { 'api-key': app().apiKey, 'content-type': contentType },
    payload: body
  })
  expect(res.statusCode).toBe(201)
  return res.json().items[0] as { hash: string; binary_hash: string; name: string }
}

const health = async (apiKey = app().apiKey): Promise<DarkroomHealth> => {
  const res = await app().app.inject({ url: '/_darkroom/health', headers: { 'api-key': apiKey } })
  expect(res.statusCode).toBe(200)
  expect(res.headers['cache-control']).toBe('no-store')
  return res.json() as DarkroomHealth
}

/** Waits for two more completed scrub passes: the second one started after the caller's change. */
const twoMorePasses = async () => {
  const start = (await health()).scrub.passes
  while ((await health()).scrub.passes < start + 2) await new Promise((r) => setTimeout(r, 10))
}

describe('GET /_darkroom/health', () => {
  it('needs credentials', async () => {
    t = await createTestApp()
    const res = await app().app.inject({ url: '/_darkroom/health' })
    expect(res.statusCode).toBe(403)
  })

  it('says a healthy store is ok and how far the scrub has come', async () => {
    t = await createTestApp()
    await upload(1, 'one.png')
    await upload(2, 'two.png')
    expect(await health()).toEqual({
      store: { state: 'ok', message: 'The store accepts new images.', since: null },
      render_cache: {
        state: 'ok',
        message: 'Renders are kept, so a repeated request is answered from the cache.',
        since: null
      },
      scrub: {
        objects: 2,
        checked: 0,
        passes: 0,
        percent_per_day: 10,
        last_run: null,
        last_pass: null,
        corrupt: [],
        missing: [],
        list_limit: 100,
        corrupt_total: 0,
        missing_total: 0,
        corrupt_images: 0,
        missing_images: 0
      }
    })
  })

  it('lists exactly the originals the scrub found rotten or missing, with their images, to those who may read them', async () => {
    t = await createTestApp({ scrubRate: { percentPerDay: 1e9, tickMs: 10 } })
    const images = [await upload(1, 'a.png'), await upload(2, 'b.png'), await upload(3, 'c.png')]
    const [rotten, gone] = images as [(typeof images)[0], (typeof images)[0]]
    const path = (blobHash: string) => app().services.blobs.pathOf(blobHash)
    const bytes = await readFile(path(rotten.binary_hash))
    bytes[40] = (bytes[40] as number) ^ 0x01
    await writeFile(path(rotten.binary_hash), bytes)
    await unlink(path(gone.binary_hash))

    await twoMorePasses()
    const { scrub } = await health()
    expect(scrub.objects).toBe(3)
    expect(scrub.last_run).not.toBeNull()
    expect(scrub.last_pass).not.toBeNull()
    expect(scrub.corrupt).toEqual([
      {
        blob_hash: rotten.binary_hash,
        found: expect.any(String),
        images: [{ organization: 'local', hash: rotten.hash, name: 'a.png', deleted: false }]
      }
    ])
    expect(scrub.missing).toEqual([
      {
        blob_hash: gone.binary_hash,
        found: expect.any(String),
        images: [{ organization: 'local', hash: gone.hash, name: 'b.png', deleted: false }]
      }
    ])

    // someone without access to "local" learns the store's state, not which images are damaged
    const signUp = await app().app.inject({
      method: 'POST',
      url: '/users',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'other@example.com', organization: 'other' })
    })
    expect(signUp.statusCode).toBe(200)
    const stranger = await health(signUp.json().api_key as string)
    expect(stranger.store.state).toBe('ok')
    expect(stranger.scrub.corrupt).toEqual([])
    expect(stranger.scrub.missing).toEqual([])
  })

  it('lists at most list_limit originals per kind and counts them all', async () => {
    t = await createTestApp({ scrubRate: { percentPerDay: 1e9, tickMs: 10 } })
    const count = HEALTH_LIST_LIMIT + 3
    for (let i = 0; i < count; i++) {
      const image = await upload(i, `gone-${i}.png`)
      await unlink(app().services.blobs.pathOf(image.binary_hash))
    }
    await twoMorePasses()
    const { scrub } = await health()
    expect(scrub.missing).toHaveLength(HEALTH_LIST_LIMIT)
    expect(scrub.list_limit).toBe(HEALTH_LIST_LIMIT)
    expect(scrub.missing_total).toBe(count)
    expect(scrub.missing_images).toBe(count)
    expect(scrub.corrupt_total).toBe(0)
  })

  it('also lists an original a download found missing, before any scrub reached it', async () => {
    t = await createTestApp()
    const image = await upload(4, 'lost.png')
    await unlink(app().services.blobs.pathOf(image.binary_hash))
    const download = await app().app.inject({
      url: `/sourceimages/local/${image.hash}/download`,
      headers: { 'api-key': app().apiKey }
    })
    expect(download.statusCode).toBe(500)
    const { scrub } = await health()
    expect(scrub.checked).toBe(0)
    expect(scrub.missing.map((original) => original.blob_hash)).toEqual([image.binary_hash])
    expect(scrub.corrupt).toEqual([])
  })
})
