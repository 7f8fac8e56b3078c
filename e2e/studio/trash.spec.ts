import { basename } from 'node:path'
import type { SourceImage, SourceImageList } from '@shared/api/sourceimages'
import { expect, fetchImage, test } from './fixtures'

test('a deleted image goes to the trash and comes back with Restore', async ({
  studio,
  server,
  photos
}) => {
  const files = [photos.path('summer-night.jpg'), photos.path('cold-ripple.jpg')]
  await studio.uploads.pickFiles(files)
  await studio.uploads.expectAll(
    files.map((path) => basename(path)),
    'done'
  )
  await studio.library.expectTotal(2)

  await studio.openImage('summer-night.jpg')
  const hash = await studio.image.hash()
  const render = `${server.url}/render/${server.org}/dynamic/resize-width-300/${hash}.jpg`
  expect((await fetchImage(render)).width).toBe(300)
  await studio.image.delete()
  // said in a notification that outlives the closed image view
  await expect(studio.toast('Moved summer-night.jpg to the trash.')).toBeVisible()

  await studio.library.expectTotal(1)
  await expect(studio.library.card('summer-night.jpg')).toHaveCount(0)
  // gone for the API and for renders
  expect((await server.api(`/sourceimages/${server.org}/${hash}`)).status).toBe(404)
  expect((await fetch(render)).status).toBe(404)

  await studio.library.showTrash()
  await studio.library.expectTotal(1)
  expect(await studio.library.names()).toEqual(['summer-night.jpg'])
  const trash = await server.json<SourceImageList>(`/sourceimages/${server.org}?deleted=true`)
  expect(trash.items.map((item) => item.hash)).toEqual([hash])

  await studio.library.restore('summer-night.jpg')
  await studio.library.expectTotal(0)
  await studio.library.leaveTrash()
  await studio.library.expectTotal(2)
  await expect(studio.library.card('summer-night.jpg')).toBeVisible()

  const restored = await server.json<SourceImage>(`/sourceimages/${server.org}/${hash}`)
  expect(restored.deleted).toBe(false)
  expect((await fetchImage(render)).width).toBe(300)
})
