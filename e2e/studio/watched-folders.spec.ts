import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { SourceImageList } from '@shared/api/sourceimages'
import { expect, test } from './fixtures'
import { FoldersPage } from './pages/folders'

test.describe('watched folders', () => {
  test('a watched folder fills up live: counts, thumbnails, the library and the image origin', async ({
    studio,
    studioPage,
    server,
    photos
  }) => {
    const watched = await mkdtemp(join(tmpdir(), 'darkroom-studio-watch-'))
    try {
      const folders = new FoldersPage(studioPage)
      await folders.open()
      await expect(studioPage.getByTestId('folders-empty')).toBeVisible()
      await folders.addByPath(watched)
      await expect(folders.state(watched)).toHaveText('Watching')

      // Photos arrive one after another, as an export would write them, plus one copy.
      const originals = photos.jpegs.slice(0, 4)
      for (const [i, path] of originals.entries()) {
        await copyFile(path, join(watched, basename(path)))
        await expect(folders.count(watched, 'imported')).toHaveText(String(i + 1))
      }
      await copyFile(originals[0] as string, join(watched, 'copy of first.jpg'))
      await expect(folders.count(watched, 'known')).toHaveText('1')
      await expect(folders.count(watched, 'imported')).toHaveText(String(originals.length))
      await expect(folders.count(watched, 'pending')).toHaveText('0')

      // Every imported or known file shows its image, rendered by the server.
      const thumbs = folders.thumbnails(watched)
      await expect(thumbs).toHaveCount(originals.length + 1)
      for (const thumb of await thumbs.all()) {
        await expect
          .poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
          .toBeGreaterThan(0)
      }

      // The server agrees, and the library shows the new images without a reload.
      const list = await server.json<SourceImageList>(`/sourceimages/${server.org}?limit=20`)
      expect(list.total).toBe(originals.length)
      await studio.library.open()
      await studio.library.expectTotal(originals.length)

      // The image view says which files the image came from.
      const firstName = basename(originals[0] as string)
      await studio.openImage(firstName)
      const origins = studioPage.getByTestId('image-origin')
      await expect(origins).toHaveCount(2)
      await expect(studioPage.getByTestId('image-origins')).toContainText(
        join(watched, 'copy of first.jpg')
      )
      await expect(studioPage.getByTestId('image-origins')).toContainText(join(watched, firstName))
    } finally {
      await rm(watched, { recursive: true, force: true })
    }
  })
})
