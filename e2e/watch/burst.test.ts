import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../support/headless-server'
import { recordFigures } from '../hardening/support/figures'
import { apiOf, cleanup, makePhotos, sha1, tempDir, waitForSettled, writeFiles } from './support'

const DISTINCT = 120
const DUPLICATES = 80

const dirs: string[] = []
let server: RunningServer | undefined
afterAll(async () => {
  await server?.stop()
  await cleanup(dirs)
})

describe('watched folder burst', () => {
  it(
    `B34: ${DISTINCT + DUPLICATES} files dropped at once (${DUPLICATES} duplicates under other names) give one source image per distinct content`,
    { timeout: 150_000 },
    async () => {
      const watched = await tempDir(dirs)
      const staging = await tempDir(dirs)
      server = await startHeadlessServer(undefined, ['--watch', watched])
      dirs.push(server.dataDir)
      const api = apiOf(server)
      expect(server.output()).toContain(`Darkroom watching ${watched} for organization "local"`)

      const photos = await makePhotos(DISTINCT, 1)
      const files: [string, Buffer][] = []
      photos.forEach((photo, i) => {
        files.push([`shoot/photo-${i}.jpg`, photo])
        // The same bytes again, dropped right after the original so that both are imported at
        // the same time: as other names, in another folder, with an upper-case extension.
        if (i >= DUPLICATES) return
        const name =
          i % 3 === 0
            ? `copies/copy-${i}.JPG`
            : i % 3 === 1
              ? `copy of photo-${i}.jpg`
              : `more/deeper/p${i}.jpeg`
        files.push([name, photo])
      })
      await writeFiles(staging, files)

      const started = Date.now()
      await Promise.all(
        files.map(async ([name]) => {
          await mkdir(join(watched, name, '..'), { recursive: true })
          await copyFile(join(staging, name), join(watched, name))
        })
      )
      const folder = await waitForSettled(api, watched, files.length, 120_000)
      const settleMs = Date.now() - started

      const images = await api.images()
      const expected = new Set(photos.map(sha1))
      expect(images.length).toBe(DISTINCT)
      expect(new Set(images.map((image) => image.binary_hash))).toEqual(expected)
      expect(folder.counts).toEqual({
        imported: DISTINCT,
        known: DUPLICATES,
        skipped: 0,
        failed: 0
      })
      expect(folder.state).toBe('watching')
      const journalLeft = (await api.folders()).journal
      expect(journalLeft).toBe(0)

      // Every copy is remembered as an origin of its image.
      const first = images.find((image) => image.binary_hash === sha1(photos[0] as Buffer))
      const origins = (await api.origins(first?.hash ?? '')).map((origin) => origin.path).sort()
      expect(origins).toEqual([
        join(watched, 'copies/copy-0.JPG'),
        join(watched, 'shoot/photo-0.jpg')
      ])

      recordFigures('B34', {
        files_dropped: files.length,
        distinct_contents: DISTINCT,
        duplicates: DUPLICATES,
        imported: folder.counts.imported,
        known: folder.counts.known,
        source_images: images.length,
        journal_rows_left: journalLeft,
        settle_ms: settleMs
      })
    }
  )
})
