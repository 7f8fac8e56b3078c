import { unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { DarkroomHealth } from '@shared/api/health'
import type { SourceImageList } from '@shared/api/sourceimages'
import { makeReadOnly, mountsAllowed, unmount } from '../support/mounts'
import { expect, test } from './fixtures'

// the studio asks every 10 s; a banner may take that long to come or go
const POLL_WAIT = { timeout: 30_000 }
/** Well under the studio's 10 s health poll: only an answer asked for at once arrives this soon. */
const SOON = { timeout: 3_000 }

test('an original deleted behind the server shows a banner naming its image, gone once the file is uploaded again through the studio', async ({
  studio,
  server,
  photos
}) => {
  const lostPath = photos.path('summer-night.jpg')
  const files = [lostPath, photos.path('cold-ripple.jpg')]
  await studio.uploads.pickFiles(files)
  await studio.uploads.expectAll(['summer-night.jpg', 'cold-ripple.jpg'], 'done')
  await studio.library.expectTotal(2)
  await expect(studio.health.damageBanner).toHaveCount(0)
  await expect(studio.health.storeBanner).toHaveCount(0)

  const list = await server.json<SourceImageList>(`/sourceimages/${server.org}`)
  const lost = list.items.find((item) => item.name === 'summer-night.jpg')
  if (lost === undefined) throw new Error('summer-night.jpg is not in the library')
  const { binary_hash: blobHash } = lost
  await unlink(join(server.dataDir, 'blobs', 'objects', blobHash.slice(0, 2), blobHash))
  // the server learns of it when something re-hashes the original: here another client's download
  expect((await server.api(`/sourceimages/${server.org}/${lost.hash}/download`)).status).toBe(500)

  await expect(studio.health.damageBanner).toContainText(
    '1 image cannot be downloaded or rendered (1 with a missing original).',
    POLL_WAIT
  )
  await expect(studio.health.storeBanner).toHaveCount(0)
  expect(await studio.health.damagedNames()).toEqual(['summer-night.jpg'])
  await expect(studio.health.damagedImage('summer-night.jpg')).toContainText('file missing')
  const health = await server.json<DarkroomHealth>('/_darkroom/health')
  expect(health.scrub.missing.map((original) => original.blob_hash)).toEqual([blobHash])
  expect(health.store.state).toBe('ok')

  // from the list to the image, where it can be deleted
  await studio.health.open('summer-night.jpg')
  await expect(studio.image.field('name')).toHaveText('summer-night.jpg')
  await studio.image.close()

  // the same file uploaded again through the studio is stored anew, not taken for a duplicate
  await studio.uploads.clearFinished()
  await studio.uploads.pickFiles([lostPath])
  await studio.uploads.expectAll(['summer-night.jpg'], 'done')
  await expect(studio.uploads.item('summer-night.jpg')).toContainText(
    'The damaged original is restored.'
  )
  await expect(studio.health.damageBanner).toHaveCount(0)
  const download = await server.api(`/sourceimages/${server.org}/${lost.hash}/download`)
  expect(download.status).toBe(200)
  await studio.library.expectTotal(2)
})

test('a render cache that cannot be written shows a banner while renders keep being served, gone once it can be written again', async ({
  studio,
  server,
  photos
}) => {
  test.skip(!mountsAllowed, 'needs root to make a read-only bind mount')
  await studio.uploads.pickFiles([photos.path('cold-ripple.jpg')])
  await studio.uploads.expectAll(['cold-ripple.jpg'], 'done')
  const list = await server.json<SourceImageList>(`/sourceimages/${server.org}`)
  const hash = list.items[0]?.hash
  if (hash === undefined) throw new Error('cold-ripple.jpg is not in the library')
  await expect(studio.health.renderCacheBanner).toHaveCount(0)

  const renders = join(server.dataDir, 'renders')
  makeReadOnly(renders)
  try {
    // a render never made before: served, but its write to the cache fails
    const fresh = await server.api(`/render/${server.org}/dynamic/resize-width-123/${hash}.jpg`)
    expect(fresh.status).toBe(200)
    // the cache write fails just after the answer; once the server knows, a studio brought back
    // into view asks at once: well before its next 10 s poll
    await expect
      .poll(async () => (await server.json<DarkroomHealth>('/_darkroom/health')).render_cache.state, POLL_WAIT)
      .toBe('read_only')
    await studio.health.comeBackIntoView()
    await expect(studio.health.renderCacheBanner).toContainText('Renders are not being kept.', SOON)
    await expect(studio.health.renderCacheBanner).toContainText('the data folder is read-only')
    await expect(studio.health.storeBanner).toHaveCount(0)
  } finally {
    unmount(renders)
  }
  await expect
    .poll(async () => (await server.json<DarkroomHealth>('/_darkroom/health')).render_cache.state, POLL_WAIT)
    .toBe('ok')
  await studio.health.comeBackIntoView()
  await expect(studio.health.renderCacheBanner).toHaveCount(0, SOON)
})
