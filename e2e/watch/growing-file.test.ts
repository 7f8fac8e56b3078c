import { open, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../support/headless-server'
import { recordFigures } from '../hardening/support/figures'
import { apiOf, cleanup, makePhotos, sha1, tempDir, waitFor, waitForSettled } from './support'

const CHUNKS = 20
const CHUNK_INTERVAL_MS = 300
/**
 * Pauses a slow export may take: longer than the watcher's 500 ms look at settling files, shorter
 * than the 2 s a file must stay unchanged. Without them every look would see the file grow.
 */
const PAUSE_MS = 1_200
const PAUSE_AFTER = new Set([5, 13])

const dirs: string[] = []
let server: RunningServer | undefined
afterAll(async () => {
  await server?.stop()
  await cleanup(dirs)
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('files still being written', () => {
  it(
    'B31: a file grown in chunks over several seconds is imported once, complete, with its final bytes',
    { timeout: 120_000 },
    async () => {
      const watched = await tempDir(dirs)
      server = await startHeadlessServer(undefined, ['--watch', watched])
      dirs.push(server.dataDir)
      const api = apiOf(server)

      const photo = await sharp({
        create: {
          width: 700,
          height: 500,
          channels: 3,
          background: '#336',
          noise: { type: 'gaussian', mean: 120, sigma: 50 }
        }
      })
        .jpeg({ quality: 95 })
        .toBuffer()
      const chunkSize = Math.ceil(photo.length / CHUNKS)
      const path = join(watched, 'slow-export.jpg')
      const started = Date.now()
      const handle = await open(path, 'w')
      let importedWhileGrowing = 0
      for (let i = 0; i < CHUNKS; i++) {
        await handle.write(photo.subarray(i * chunkSize, (i + 1) * chunkSize))
        await handle.sync()
        if (i === CHUNKS / 2) importedWhileGrowing = (await api.images()).length
        await sleep(PAUSE_AFTER.has(i) ? PAUSE_MS : CHUNK_INTERVAL_MS)
      }
      await handle.close()
      const writeMs = Date.now() - started

      const folder = await waitForSettled(api, watched, 1)
      const images = await api.images()
      expect(importedWhileGrowing).toBe(0)
      expect(images.map((image) => image.binary_hash)).toEqual([sha1(photo)])
      expect(folder.counts).toEqual({ imported: 1, known: 0, skipped: 0, failed: 0 })
      recordFigures('B31', {
        bytes: photo.length,
        chunks: CHUNKS,
        write_ms: writeMs,
        imported_while_growing: importedWhileGrowing,
        source_images: images.length,
        settle_ms: Date.now() - started
      })
    }
  )

  it(
    'B32: content replaced under the same name becomes a new source image; the old one stays with its origin marked gone',
    { timeout: 120_000 },
    async () => {
      const watched = await tempDir(dirs, 'darkroom-watch-replace-')
      const api = apiOf(server as RunningServer)
      const added = await api.call<{ id: string }>('POST', '/_darkroom/watched-folders', {
        path: watched,
        organization: 'local'
      })
      expect(added.status).toBe(201)
      const before = (await api.images()).length

      const [first, second] = (await makePhotos(2, 32)) as [Buffer, Buffer]
      await writeFile(join(watched, 'cover.jpg'), first)
      await waitForSettled(api, watched, 1)
      // Exporters often write a temporary name and rename it over the old file.
      await writeFile(join(watched, 'cover.jpg.part'), second)
      await rename(join(watched, 'cover.jpg.part'), join(watched, 'cover.jpg'))
      const folder = await waitForSettled(api, watched, 2)

      const images = await api.images()
      expect(images.length).toBe(before + 2)
      const hashes = new Set(images.map((image) => image.binary_hash))
      expect(hashes.has(sha1(first)) && hashes.has(sha1(second))).toBe(true)
      expect(folder.counts.imported).toBe(2)
      const old = images.find((image) => image.binary_hash === sha1(first))
      const current = images.find((image) => image.binary_hash === sha1(second))
      const oldOrigins = await waitFor('the old origin to be marked gone', async () => {
        const origins = await api.origins(old?.hash ?? '')
        return origins[0]?.gone ? origins : undefined
      })
      expect(oldOrigins.map((origin) => origin.path)).toEqual([join(watched, 'cover.jpg')])
      expect((await api.origins(current?.hash ?? ''))[0]).toMatchObject({
        path: join(watched, 'cover.jpg'),
        gone: null
      })
      const expected = new Set([sha1(first), sha1(second)])
      recordFigures('B32', {
        replaced_files: 1,
        new_source_images: images.length - before,
        other_contents_imported:
          images.filter((image) => !expected.has(image.binary_hash)).length - before
      })
    }
  )
})
