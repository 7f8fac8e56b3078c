import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../../support/headless-server'
import { expectStoreInvariants } from '../../support/store-invariants'
import { recordFigures } from '../support/figures'
import {
  getBytes,
  getHealth,
  makeReadOnly,
  mountsAllowed,
  noiseJpeg,
  sha1,
  unmount,
  uploadImage,
  waitForHealth,
  type Uploaded
} from './fault-kit'

let server: RunningServer | undefined
const mounted: string[] = []
afterAll(async () => {
  for (const dir of mounted.splice(0)) unmount(dir)
  if (server) {
    await server.stop()
    await rm(server.dataDir, { recursive: true, force: true })
  }
})

if (!mountsAllowed) console.warn('F8 skipped: this machine does not let tests make a read-only bind mount (needs root)')

describe.skipIf(!mountsAllowed)('F8: read-only store', () => {
  it('F8: uploads answer 503 with a message while cached and new renders and downloads keep answering 200; the health endpoint says read_only, then ok again', async () => {
    server = await startHeadlessServer()
    const images: Uploaded[] = []
    for (let i = 0; i < 3; i++) {
      const { status, item } = await uploadImage(server, await noiseJpeg(300 + i), `ro-${i}.jpg`)
      expect(status).toBe(201)
      images.push(item as Uploaded)
    }
    const [first, second] = images as [Uploaded, Uploaded]
    const cachedUrl = `/render/local/dynamic/resize-width-60/${first.hash}.jpg`
    const cached = await getBytes(server, cachedUrl)
    expect(cached.status).toBe(200)
    expect((await getHealth(server)).store.state).toBe('ok')

    // Root is not stopped by chmod; a read-only bind mount stops everyone.
    for (const part of ['blobs', 'renders']) {
      const dir = join(server.dataDir, part)
      makeReadOnly(dir)
      mounted.push(dir)
    }

    const refused = await uploadImage(server, await noiseJpeg(399), 'refused.jpg')
    expect(refused.status).toBe(503)
    expect(refused.body.reason).toBe('store_unavailable')
    expect(refused.body.message).toMatch(/read-only/)
    // what the studio shows: the store is degraded, and why
    const degraded = await getHealth(server)
    expect(degraded.store.state).toBe('read_only')
    expect(degraded.store.message).toMatch(/New images cannot be stored: the data folder is read-only/)
    expect(degraded.store.since).not.toBeNull()

    const again = await getBytes(server, cachedUrl)
    expect(again.status).toBe(200)
    expect(again.bytes.equals(cached.bytes)).toBe(true)
    // never rendered before: rendered from the read-only object, served although it cannot be cached
    const fresh = await getBytes(server, `/render/local/dynamic/resize-width-70/${second.hash}.png`)
    expect(fresh.status).toBe(200)
    expect(fresh.type).toBe('image/png')
    // its background write to the render cache failed, and the health endpoint says so
    const uncached = await waitForHealth(server, (health) => health.render_cache.state !== 'ok', 5_000)
    expect(uncached.render_cache.state).toBe('read_only')
    expect(uncached.render_cache.message).toMatch(/Renders cannot be kept: the data folder is read-only/)
    for (const image of images) {
      const download = await getBytes(server, `/sourceimages/local/${image.hash}/download`)
      expect(download.status).toBe(200)
      expect(sha1(download.bytes)).toBe(image.binary_hash)
    }

    for (const dir of mounted.splice(0)) unmount(dir)
    // no upload needed: the server re-probes the store by itself and sees it writable again
    const recovered = await waitForHealth(
      server,
      (health) => health.store.state !== 'read_only' && health.render_cache.state !== 'read_only',
      15_000
    )
    expect(recovered.store.state).toBe('ok')
    expect(recovered.render_cache.state).toBe('ok')
    const accepted = await uploadImage(server, await noiseJpeg(399), 'accepted.jpg')
    expect(accepted.status).toBe(201)
    expect(await readdir(join(server.dataDir, 'blobs', 'tmp'))).toEqual([])

    expect(await server.stop()).toBe(0)
    await expectStoreInvariants(server.dataDir)
    recordFigures('F8', {
      'faults injected': 1,
      'upload answer while read-only': refused.status,
      'renders served while read-only': 2,
      'downloads served while read-only': images.length,
      'data lost': 0
    })
  })
})
