import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { SourceImageList } from '@shared/api/sourceimages'
import { dimensionsOf, expect, fetchImage, imgSnippetUrls, test } from './fixtures'

const THUMBNAIL = 300

/**
 * The "done when": someone who has never seen Darkroom uploads a folder of photos,
 * builds a thumbnail stack with a live preview and copies an `<img srcset>` snippet that works.
 */
test('a first visit: upload a folder, build a thumbnail stack, copy a working srcset', async ({
  studio,
  studioPage,
  studioMode,
  studioBrowser,
  server,
  photos,
  readClipboard
}) => {
  const screenshots = studioMode === 'web'
  const folder = await mkdtemp(join(tmpdir(), 'darkroom-holiday-'))
  try {
    const picked = [...photos.jpegs.slice(0, 5), photos.path('by-the-water.webp')]
    for (const path of picked) await cp(path, join(folder, basename(path)))
    const names = picked.map((path) => basename(path))

    // an empty library says what to do
    await expect(studio.library.grid).toContainText('Drop images anywhere on the window')

    // Upload folder opens the system's folder picker
    await studio.uploads.pickFolder(folder)
    await studio.uploads.expectAll(names, 'done')
    await expect(studio.uploads.batchProgress).toHaveJSProperty('value', 1)
    await studio.library.expectTotal(names.length)
    await studio.uploads.clearFinished()
    if (screenshots) {
      await studio.library.sortBy('Name A–Z')
      await expect.poll(() => studio.library.names()).toEqual([...names].sort())
      await studio.library.expectThumbnailsLoaded()
      await studio.screenshot('library')
    }

    // a thumbnail stack, watched in the live preview at every step
    const previewed = photos.path('evening-glow.jpg')
    const source = await dimensionsOf(previewed)
    await studio.stacks.open()
    await studio.stacks.create('thumbnail')
    await studio.stacks.previewWith(basename(previewed))
    await studio.stacks.expectPreview(source.width, source.height)
    await studio.stacks.addOperation('resize')
    await studio.stacks.setOption('resize', 'width', String(THUMBNAIL))
    await studio.stacks.setOption('resize', 'height', String(THUMBNAIL))
    await studio.stacks.setOption('resize', 'mode', 'fill')
    const filledWidth = Math.round((source.width * THUMBNAIL) / source.height)
    await studio.stacks.expectPreview(filledWidth, THUMBNAIL)
    await studio.stacks.addOperation('crop')
    await studio.stacks.setOption('crop', 'width', String(THUMBNAIL))
    await studio.stacks.setOption('crop', 'height', String(THUMBNAIL))
    await studio.stacks.expectPreview(THUMBNAIL, THUMBNAIL)
    await studio.stacks.save()
    if (screenshots) {
      await studio.stacks.setCompare(35)
      await studio.screenshot('stack-editor')
    }

    // the developer panel hands out the snippet; Copy puts it on the clipboard
    await studio.developer.open()
    const shown = await studio.developer.srcset.inputValue()
    expect(shown).toContain('/thumbnail/')
    await studio.developer.copySrcset()
    const snippet = await readClipboard()
    expect(snippet).toBe(shown)

    // every URL in it renders the thumbnail at its density
    const urls = imgSnippetUrls(snippet)
    expect(urls.map((entry) => entry.descriptor)).toEqual(['1x', '2x', '3x'])
    for (const { url, descriptor } of urls) {
      const scale = Number.parseInt(descriptor, 10)
      const render = await fetchImage(url)
      expect(render, url).toMatchObject({ width: THUMBNAIL * scale, height: THUMBNAIL * scale })
      expect(render.contentType).toBe('image/jpeg')
    }
    const list = await server.json<SourceImageList>(`/sourceimages/${server.org}`)
    const alt = /alt="([^"]*)"/.exec(snippet)?.[1]
    expect(list.items.map((item) => item.name)).toContain(alt)

    // pasted into a page on a 2× screen, the browser picks the 2× render and shows its 600
    // pixels as 300 CSS pixels (naturalWidth is density-corrected)
    if (studioBrowser !== null) {
      const context = await studioBrowser.newContext({ deviceScaleFactor: 2 })
      const page = await context.newPage()
      await page.setContent(`<!doctype html><body>${snippet}</body>`)
      await expect
        .poll(() =>
          page.evaluate(() => {
            const image = document.querySelector('img')
            return image === null ? '' : `${image.naturalWidth} ${image.currentSrc}`
          })
        )
        .toBe(`${THUMBNAIL} ${urls[1]?.url}`)
      await context.close()
    }

    // the image view, for the README
    await studio.library.open()
    await studio.openImage(basename(previewed))
    await studio.image.addMetadata('str', 'trip', 'lake district')
    await studio.image.dragSubjectArea({ left: 0.05, top: 0.55, right: 0.45, bottom: 0.92 })
    if (screenshots) await studio.screenshot('image-view')
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
})
