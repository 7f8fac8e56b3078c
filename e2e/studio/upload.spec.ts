import { createHash } from 'node:crypto'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { SourceImageList } from '@shared/api/sourceimages'
import { expect, test } from './fixtures'

const sha1 = async (path: string) =>
  createHash('sha1')
    .update(await readFile(path))
    .digest('hex')

test.describe('uploading', () => {
  test('three dropped photos show their progress and reach the grid', async ({
    studio,
    server,
    photos
  }) => {
    // a JPEG, a WebP and a PNG photograph
    const files = [
      photos.jpegs[2],
      photos.all.find((path) => path.endsWith('.webp')),
      photos.all.find((path) => path.endsWith('.png'))
    ].filter((path): path is string => path !== undefined)
    expect(files).toHaveLength(3)
    const names = files.map((path) => basename(path))
    await studio.library.expectTotal(0)

    await studio.uploads.startRecording()
    await studio.uploads.dropFiles(files)

    await studio.uploads.expectAll(names, 'done')
    await expect(studio.uploads.panel).toContainText('Uploads 3/3')
    await expect(studio.uploads.batchProgress).toHaveJSProperty('value', 1)
    await studio.library.expectTotal(3)
    for (const name of names) await expect(studio.library.card(name)).toBeVisible()

    // every row went through uploading to done, its bar only ever moving forward to full
    const seen = await studio.uploads.recorded()
    for (const name of names) {
      const samples = seen[name] ?? []
      const statuses = samples.map((sample) => sample.status)
      expect(statuses, name).toContain('uploading')
      expect(statuses.at(-1), name).toBe('done')
      expect(statuses.indexOf('uploading'), name).toBeLessThan(statuses.lastIndexOf('done'))
      const bars = samples.map((sample) => sample.progress)
      expect(bars, name).toEqual([...bars].sort((a, b) => a - b))
      expect(bars.at(-1), name).toBe(1)
    }

    // the server holds exactly those files, byte for byte
    const list = await server.json<SourceImageList>(`/sourceimages/${server.org}?limit=10`)
    expect(list.total).toBe(3)
    expect(list.items.map((item) => item.name).sort()).toEqual([...names].sort())
    for (const path of files) {
      const item = list.items.find((image) => image.name === basename(path))
      expect(item?.binary_hash).toBe(await sha1(path))
    }
    expect(list.items.map((item) => item.format).sort()).toEqual(['jpg', 'png', 'webp'])
  })

  test('a photo dropped again is recognised as a duplicate and not stored twice', async ({
    studio,
    server,
    photos
  }) => {
    const [photo = ''] = photos.jpegs
    const name = basename(photo)
    await studio.uploads.pickFiles([photo])
    await studio.uploads.expectAll([name], 'done')
    await studio.library.expectTotal(1)

    // the twin is still in the upload list: the studio says so without asking the server
    await studio.uploads.dropFiles([photo])
    const second = studio.uploads.items.nth(1)
    await expect(second).toHaveAttribute('data-status', 'duplicate')
    await expect(second.getByTestId('upload-message')).toHaveText(`Same file as ${name}.`)

    // with the list cleared, the server finds the same bytes by their binary hash
    await studio.uploads.clearFinished()
    await studio.uploads.dropFiles([photo])
    const third = studio.uploads.items.first()
    await expect(third).toHaveAttribute('data-status', 'duplicate')
    await expect(third.getByTestId('upload-message')).toHaveText(`Already here as ${name}.`)

    await studio.library.expectTotal(1)
    const list = await server.json<SourceImageList>(`/sourceimages/${server.org}`)
    expect(list.total).toBe(1)
  })

  test('a folder dragged from the file manager uploads every photo in it, subfolders too', async ({
    studio,
    server,
    photos
  }) => {
    const folder = await mkdtemp(join(tmpdir(), 'darkroom-drop-'))
    try {
      const [first = '', second = '', third = ''] = photos.jpegs
      await mkdir(join(folder, 'holiday', 'day-2'), { recursive: true })
      await cp(first, join(folder, 'holiday', basename(first)))
      await cp(second, join(folder, 'holiday', basename(second)))
      await cp(third, join(folder, 'holiday', 'day-2', basename(third)))
      const names = [first, second, third].map((path) => basename(path))

      await studio.uploads.dropFromDesktop([join(folder, 'holiday')])

      await studio.uploads.expectAll(names, 'done')
      await studio.library.expectTotal(3)
      const list = await server.json<SourceImageList>(`/sourceimages/${server.org}`)
      expect(list.items.map((item) => item.name).sort()).toEqual([...names].sort())
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})
