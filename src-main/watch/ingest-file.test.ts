import { execFileSync } from 'node:child_process'
import { appendFile, copyFile, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../services'
import { ensureLocalOwner } from '../identity/bootstrap'
import { makeQuadrants } from '../engine/testing/images'
import { createFileIngester, type LiveFolder } from './ingest-file'
import { createFolderRepo } from './folder-repo'
import { createFileRepo } from './file-repo'
import { DEFAULT_FOLDER_SETTINGS } from './folder-input'

let dataDir: string
let watched: string
let services: Services
let folder: LiveFolder

const setUp = async (maxUploadBytes?: number) => {
  dataDir = await mkdtemp(join(tmpdir(), 'darkroom-ingest-'))
  watched = await realpath(await mkdtemp(join(tmpdir(), 'darkroom-ingest-folder-')))
  services = await createServices({ dataDir, maxUploadBytes })
  await ensureLocalOwner(services.db, services.identity, dataDir)
  const org = services.identity.organizations.getByName('local')
  const record = createFolderRepo(services.db).create({
    path: watched,
    organizationId: org?.id ?? '',
    transient: false,
    ...DEFAULT_FOLDER_SETTINGS,
    userMetadata: { project: 'spring-campaign' }
  })
  folder = { ...record, realRoot: watched }
}

const ingesterWith = (uploads = services.uploads) =>
  createFileIngester({
    db: services.db,
    uploads,
    images: services.images,
    folders: createFolderRepo(services.db),
    files: createFileRepo(services.db)
  })

const liveImages = () =>
  services.db
    .prepare('SELECT binary_hash, user_metadata FROM source_images WHERE deleted_date IS NULL')
    .all() as {
    binary_hash: string
    user_metadata: string
  }[]

const journalRows = () => createFileRepo(services.db).journal.size()

afterEach(async () => {
  await services.close()
  await rm(dataDir, { recursive: true, force: true })
  await rm(watched, { recursive: true, force: true })
})

describe('importing one file of a watched folder', () => {
  beforeEach(() => setUp())

  it('imports a new file with the folder metadata, then knows it by path, size and mtime', async () => {
    await writeFile(join(watched, 'a.png'), await makeQuadrants(40, 30))
    const ingest = ingesterWith()
    const first = await ingest.ingest(folder, 'a.png')
    expect(first.kind).toBe('imported')
    expect(liveImages()).toHaveLength(1)
    expect(JSON.parse(liveImages()[0]?.user_metadata ?? '{}')).toEqual({
      project: 'spring-campaign'
    })
    expect(await ingest.ingest(folder, 'a.png')).toEqual({ kind: 'unchanged' })
    expect(journalRows()).toBe(0)
    expect(createFolderRepo(services.db).get(folder.id)?.counts).toEqual({
      imported: 1,
      known: 0,
      skipped: 0,
      failed: 0
    })
  })

  it('records a copy under another name as known, uploading nothing', async () => {
    await writeFile(join(watched, 'a.png'), await makeQuadrants(40, 30))
    await copyFile(join(watched, 'a.png'), join(watched, 'b.png'))
    const ingest = ingesterWith()
    const a = await ingest.ingest(folder, 'a.png')
    const b = await ingest.ingest(folder, 'b.png')
    expect(b).toEqual({
      kind: 'known',
      hash: 'hash' in a ? a.hash : '',
      binaryHash: 'binaryHash' in a ? a.binaryHash : ''
    })
    expect(liveImages()).toHaveLength(1)
    const origins = createFileRepo(services.db).origins(
      folder.organizationId,
      'binaryHash' in a ? a.binaryHash : ''
    )
    expect(origins.map((origin) => origin.path).sort()).toEqual([
      join(watched, 'a.png'),
      join(watched, 'b.png')
    ])
  })

  it('drops what it read when the file changes while being read, and stores nothing (no torn content)', async () => {
    const path = join(watched, 'growing.png')
    await writeFile(path, await makeQuadrants(40, 30))
    // The real upload service, with a writer appending right after the bytes were read.
    const uploads = {
      ...services.uploads,
      stage: async (body: Parameters<typeof services.uploads.stage>[0]) => {
        const staged = await services.uploads.stage(body)
        await appendFile(path, Buffer.alloc(100))
        return staged
      }
    }
    expect(await ingesterWith(uploads).ingest(folder, 'growing.png')).toEqual({ kind: 'changed' })
    expect(liveImages()).toHaveLength(0)
    expect(journalRows()).toBe(0)
    expect(services.db.prepare('SELECT count(*) AS n FROM watch_files').get()).toEqual({ n: 0 })
  })

  it('skips a corrupt file with the reason and does not read it again until it changes', async () => {
    await writeFile(join(watched, 'broken.jpg'), Buffer.from('not really a jpeg'))
    const ingest = ingesterWith()
    const outcome = await ingest.ingest(folder, 'broken.jpg')
    expect(outcome.kind).toBe('skipped')
    expect('reason' in outcome && outcome.reason).toMatch(/not an image Darkroom can read/)
    expect(await ingest.ingest(folder, 'broken.jpg')).toEqual({ kind: 'unchanged' })
    expect(createFileRepo(services.db).skippedFiles(folder.id, 10)).toMatchObject([
      { relPath: 'broken.jpg' }
    ])
  })

  it(
    'never opens a FIFO and ignores symlinks leading outside the folder',
    { skip: process.platform === 'win32' },
    async () => {
      execFileSync('mkfifo', [join(watched, 'pipe.jpg')])
      execFileSync('ln', ['-s', '/etc/passwd', join(watched, 'passwd.jpg')])
      const ingest = ingesterWith()
      expect(await ingest.ingest(folder, 'pipe.jpg')).toEqual({
        kind: 'ignored',
        reason: 'a named pipe (FIFO)'
      })
      expect(await ingest.ingest(folder, 'passwd.jpg')).toEqual({
        kind: 'ignored',
        reason: 'a symlink that leads outside the folder'
      })
      expect(journalRows()).toBe(0)
    }
  )
})

describe('importing a file over the upload limit', () => {
  beforeEach(() => setUp(1000))

  it('skips it with the upload limit message, as an HTTP upload would answer 413', async () => {
    await writeFile(join(watched, 'big.png'), await makeQuadrants(400, 300))
    const outcome = await ingesterWith().ingest(folder, 'big.png')
    expect(outcome).toEqual({
      kind: 'skipped',
      reason: 'The upload is larger than the limit of 0 MB.'
    })
    expect(liveImages()).toHaveLength(0)
  })
})
