import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import sharp from 'sharp'
import type { SourceImage, SourceImageList } from '@shared/api/sourceimages'
import { dimensionsOf, expect, fetchImage, pixelDistance, test } from './fixtures'

const CROP = 400

/** Where a 400×400 crop centred on `area` lands once kept inside the image. */
const cropAround = (
  area: { x: number; y: number; width: number; height: number },
  image: { width: number; height: number }
) => {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max)
  return {
    left: clamp(Math.round(area.x + area.width / 2 - CROP / 2), image.width - CROP),
    top: clamp(Math.round(area.y + area.height / 2 - CROP / 2), image.height - CROP),
    width: CROP,
    height: CROP
  }
}

test('a subject area dragged on the image moves where crops cut', async ({
  studio,
  server,
  photos
}) => {
  const photo = photos.path('evening-glow.jpg')
  const name = basename(photo)
  const original = await readFile(photo)
  const size = await dimensionsOf(photo)
  await studio.uploads.pickFiles([photo])
  await studio.uploads.expectAll([name], 'done')

  const crop = (hash: string) =>
    `${server.url}/render/${server.org}/dynamic/crop-width-${CROP}-height-${CROP}/${hash}.png`
  const [before] = (await server.json<SourceImageList>(`/sourceimages/${server.org}`)).items
  const centred = await fetchImage(crop(before?.hash ?? ''))

  await studio.openImage(name)
  // a person drags a box around the lower right of the photograph
  await studio.image.dragSubjectArea({ left: 0.78, top: 0.7, right: 0.95, bottom: 0.92 })
  // its notification can be dismissed although the image view is a modal dialog
  await studio.dismissToast('Subject area set.')
  const shown = await studio.image.subjectArea()
  const hash = await studio.image.hash()
  expect(hash).not.toBe(before?.hash)

  // the server keeps what the box said, in source pixels
  const stored = await server.json<SourceImage>(`/sourceimages/${server.org}/${hash}`)
  expect(stored.dynamic_metadata?.subject_area).toMatchObject(shown)
  expect(shown.x).toBeGreaterThan(size.width * 0.7)
  expect(shown.y).toBeGreaterThan(size.height * 0.6)
  expect(shown.x + shown.width).toBeLessThanOrEqual(size.width)

  // the render URL the view offers follows the new hash
  expect(await studio.image.renderUrl('')).toContain(hash)

  // the same crop now cuts around the subject area: its pixels are that part of the photo
  const followed = await fetchImage(crop(hash))
  expect(followed).toMatchObject({ width: CROP, height: CROP })
  const expected = await sharp(original).extract(cropAround(shown, size)).png().toBuffer()
  const centre = await sharp(original)
    .extract(cropAround({ x: size.width / 2, y: size.height / 2, width: 0, height: 0 }, size))
    .png()
    .toBuffer()
  expect(await pixelDistance(centred.body, centre)).toBeLessThan(4)
  expect(await pixelDistance(followed.body, expected)).toBeLessThan(4)
  expect(await pixelDistance(followed.body, centred.body)).toBeGreaterThan(12)

  // clearing it returns to the centred crop
  await studio.image.clearSubjectArea()
  const cleared = await fetchImage(crop(await studio.image.hash()))
  expect(await pixelDistance(cleared.body, centre)).toBeLessThan(4)
})
