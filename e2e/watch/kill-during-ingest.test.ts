import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../support/headless-server'
import { checkStoreInvariants } from '../support/store-invariants'
import { recordFigures } from '../hardening/support/figures'
import {
  apiOf,
  cleanup,
  makePhotos,
  sha1,
  tempDir,
  waitFor,
  waitForSettled,
  writeFiles
} from './support'

const FILES = 100

const dirs: string[] = []
const servers: RunningServer[] = []
afterAll(async () => {
  for (const server of servers) if (server.process.exitCode === null) await server.stop()
  await cleanup(dirs)
})

const journalRows = (dataDir: string): number => {
  const db = new Database(join(dataDir, 'darkroom.sqlite'), { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM watch_journal').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('kill -9 during a watched-folder import', () => {
  it(
    `F4: SIGKILL while ${FILES} files are being imported, then a restart, leaves each file imported exactly once`,
    { timeout: 150_000 },
    async () => {
      const watched = await tempDir(dirs)
      const staging = await tempDir(dirs)
      const photos = await makePhotos(FILES, 4, 320)
      const names = photos.map((_, i) => `batch/f${String(i).padStart(3, '0')}.jpg`)
      await writeFiles(
        staging,
        names.map((name, i): [string, Buffer] => [name, photos[i] as Buffer])
      )

      const first = await startHeadlessServer(undefined, ['--watch', watched])
      servers.push(first)
      dirs.push(first.dataDir)
      const api = apiOf(first)
      await Promise.all(
        names.map((name) =>
          copyFile(join(staging, name), join(watched, name.replace('batch/', '')))
        )
      )

      // Kill at a random point once imports have begun, so rounds land mid-burst on any machine.
      const killAt = 1 + Math.floor(Math.random() * 30)
      const importedBeforeKill = await waitFor(
        `${killAt} imports to begin`,
        async () => {
          const folder = await api.folder(watched)
          const done = folder ? folder.counts.imported : 0
          return done >= killAt ? done : undefined
        },
        90_000,
        50
      )
      await first.kill()
      const journalAtKill = journalRows(first.dataDir)

      const second = await startHeadlessServer(first.dataDir, ['--watch', watched])
      servers.push(second)
      const after = apiOf(second)
      const folder = await waitForSettled(after, watched, FILES, 120_000)
      await waitFor('the journal to empty', async () =>
        (await after.folders()).journal === 0 ? true : undefined
      )

      const images = await after.images()
      expect(images.length).toBe(FILES)
      expect(new Set(images.map((image) => image.binary_hash))).toEqual(new Set(photos.map(sha1)))
      expect(folder.counts).toEqual({ imported: FILES, known: 0, skipped: 0, failed: 0 })
      await second.stop()
      expect(journalRows(first.dataDir)).toBe(0)
      const report = await checkStoreInvariants(first.dataDir)
      expect(report.dangling).toEqual([])
      expect(report.misnamed).toEqual([])

      recordFigures('F4', {
        files: FILES,
        imported_before_kill: importedBeforeKill,
        interrupted: importedBeforeKill < FILES,
        journal_rows_at_kill: journalAtKill,
        imported_after_restart: folder.counts.imported,
        source_images: images.length,
        duplicates: images.length - new Set(images.map((image) => image.binary_hash)).size
      })
    }
  )
})
