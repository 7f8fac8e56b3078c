import { basename } from 'node:path'
import type { Stack } from '@shared/api/stacks'
import { dimensionsOf, expect, fetchImage, test } from './fixtures'

test.describe('stack editor', () => {
  test('resize and crop change the live preview; the saved stack renders that size over HTTP', async ({
    studio,
    server,
    photos
  }) => {
    const photo = photos.path('forest-path.jpg')
    const source = await dimensionsOf(photo)
    await studio.uploads.pickFiles([photo])
    await studio.uploads.expectAll([basename(photo)], 'done')
    const [image] = (
      await server.json<{ items: { hash: string }[] }>(`/sourceimages/${server.org}`)
    ).items
    const hash = image?.hash ?? ''

    await studio.stacks.open()
    await studio.stacks.create('card')
    // no operations yet: the preview is the photo as it is
    await studio.stacks.expectPreview(source.width, source.height)

    await studio.stacks.addOperation('resize')
    await studio.stacks.setOption('resize', 'width', '800')
    const resizedHeight = Math.round((source.height * 800) / source.width)
    await studio.stacks.expectPreview(800, resizedHeight)

    await studio.stacks.addOperation('crop')
    await studio.stacks.setOption('crop', 'width', '400')
    await studio.stacks.setOption('crop', 'height', '300')
    await studio.stacks.expectPreview(400, 300)

    // the picture shown is the render the facts describe
    await expect
      .poll(() =>
        studio.stacks.previewImage.evaluate((element) => (element as HTMLImageElement).naturalWidth)
      )
      .toBe(400)

    // a value out of range is flagged before saving, and the preview keeps the last good render
    await studio.stacks.setOption('crop', 'width', '0')
    await expect(studio.stacks.invalidNotice).toBeVisible()
    await expect(studio.stacks.option('crop', 'width')).toHaveAttribute('aria-invalid', 'true')
    await expect(studio.stacks.saveButton).toBeDisabled()
    await studio.stacks.setOption('crop', 'width', '400')
    await expect(studio.stacks.invalidNotice).toBeHidden()

    // 2× for high-density screens doubles the pixels
    await studio.stacks.setDpr(2)
    await studio.stacks.expectPreview(800, 600)
    await studio.stacks.setDpr(1)
    await studio.stacks.expectPreview(400, 300)

    await studio.stacks.save()
    await expect(studio.stacks.listed('card')).toContainText('2 ops')

    const stack = await server.json<Stack>(`/stacks/${server.org}/card`)
    expect(stack.stack_operations).toEqual([
      { name: 'resize', options: { width: 800 } },
      { name: 'crop', options: { width: 400, height: 300 } }
    ])
    const render = await fetchImage(`${server.url}/render/${server.org}/card/${hash}.jpg`)
    expect(render).toMatchObject({ width: 400, height: 300, format: 'jpeg' })
    expect(render.contentType).toBe('image/jpeg')
    const webp = await fetchImage(`${server.url}/render/${server.org}/card/${hash}.webp`)
    expect(webp).toMatchObject({ width: 400, height: 300, format: 'webp' })
  })
})
