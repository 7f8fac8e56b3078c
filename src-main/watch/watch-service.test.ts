import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WatchedFolder, WatchStreamEvent } from '../../src-shared/api/watched-folders'
import { createServices, type Services } from '../services'
import { ensureLocalOwner } from '../identity/bootstrap'
import { makeFlat } from '../engine/testing/images'
import { DEFAULT_FOLDER_SETTINGS } from './folder-input'
import { createWatchService, type WatchService } from './watch-service'

let dataDir: string
let root: string
let services: Services
let watch: WatchService
let orgId: string

const until = async <T>(
  what: string,
  check: () => T | undefined,
  timeoutMs = 20_000
): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const liveImages = () =>
  (
    services.db
      .prepare('SELECT count(*) AS n FROM source_images WHERE deleted_date IS NULL')
      .get() as { n: number }
  ).n

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'darkroom-watch-service-'))
  root = await mkdtemp(join(tmpdir(), 'darkroom-watch-root-'))
  services = await createServices({ dataDir })
  await ensureLocalOwner(services.db, services.identity, dataDir)
  orgId = services.identity.organizations.getByName('local')?.id ?? ''
  watch = createWatchService({
    db: services.db,
    uploads: services.uploads,
    images: services.images,
    sourceImages: services.sourceImages,
    organizationName: (id) => services.identity.organizations.getById(id)?.name,
    dataDir,
    timing: { stableMs: 300, pollMs: 100, healthMs: 200, removalGraceMs: 200 }
  })
  await watch.start()
})

afterEach(async () => {
  await watch.close()
  await services.close()
  await rm(dataDir, { recursive: true, force: true })
  await rm(root, { recursive: true, force: true })
})

describe('watch service', () => {
  it('goes to the error state when its folder disappears, and back to watching when it returns', async () => {
    const dir = join(root, 'exports')
    await mkdir(dir)
    const added = await watch.add({ path: dir, organizationId: orgId, ...DEFAULT_FOLDER_SETTINGS })
    await until('watching', () => (watch.get(added.id).state === 'watching' ? true : undefined))
    await rm(dir, { recursive: true })
    const failed = await until('the error state', () => {
      const folder = watch.get(added.id)
      return folder.state === 'error' ? folder : undefined
    })
    expect(failed.error).toBe(`The folder "${dir}" does not exist.`)
    await mkdir(dir)
    await until('watching again', () =>
      watch.get(added.id).state === 'watching' ? true : undefined
    )
    await writeFile(join(dir, 'back.png'), await makeFlat(8, 8, '#123456'))
    await until('the import after the folder came back', () =>
      watch.get(added.id).counts.imported === 1 ? true : undefined
    )
  })

  it('imports nothing while paused, and on resume imports what arrived meanwhile', async () => {
    const added = await watch.add({ path: root, organizationId: orgId, ...DEFAULT_FOLDER_SETTINGS })
    const paused = await watch.pause(added.id)
    expect(paused.state).toBe('paused')
    await writeFile(join(root, 'while-paused.png'), await makeFlat(8, 8, '#654321'))
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(liveImages()).toBe(0)
    await watch.resume(added.id)
    await until('watching again', () =>
      watch.get(added.id).state === 'watching' ? true : undefined
    )
    await until('the import after resume', () => (liveImages() === 1 ? true : undefined))
    expect(watch.get(added.id).counts).toEqual({ imported: 1, known: 0, skipped: 0, failed: 0 })
  })

  it('notices files deleted while it was not watching, and trashes their images when the folder says so', async () => {
    const added = await watch.add({
      path: root,
      organizationId: orgId,
      ...DEFAULT_FOLDER_SETTINGS,
      trashOnDelete: true
    })
    await writeFile(join(root, 'keep.png'), await makeFlat(8, 8, '#abcdef'))
    await writeFile(join(root, 'drop.png'), await makeFlat(8, 8, '#fedcba'))
    await until('both imports', () =>
      watch.get(added.id).counts.imported === 2 ? true : undefined
    )
    await watch.pause(added.id)
    await rm(join(root, 'drop.png'))
    await watch.resume(added.id)
    await until('the image of the deleted file in the trash', () =>
      liveImages() === 1 ? true : undefined
    )
    const removed = watch.get(added.id).activity.find((item) => item.kind === 'trashed')
    expect(removed?.path).toBe('drop.png')
  })

  it('tells subscribers about every step, and applies include and exclude patterns', async () => {
    const events: WatchStreamEvent[] = []
    watch.subscribe((event) => events.push(event))
    const added = await watch.add({
      path: root,
      organizationId: orgId,
      ...DEFAULT_FOLDER_SETTINGS,
      include: ['*.png'],
      exclude: ['drafts/**']
    })
    await mkdir(join(root, 'drafts'))
    await writeFile(join(root, 'drafts', 'skip-me.png'), await makeFlat(8, 8, '#111111'))
    await writeFile(join(root, 'not-matched.gif'), await makeFlat(8, 8, '#222222'))
    await writeFile(join(root, 'take-me.png'), await makeFlat(8, 8, '#333333'))
    const folder = await until('the import', () => {
      const current: WatchedFolder = watch.get(added.id)
      return current.counts.imported === 1 && current.pending === 0 ? current : undefined
    })
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(liveImages()).toBe(1)
    expect(
      folder.activity.filter((item) => item.kind === 'imported').map((item) => item.path)
    ).toEqual(['take-me.png'])
    const kinds = events.map((event) => event.activity?.kind).filter(Boolean)
    expect(kinds).toContain('state')
    expect(kinds).toContain('imported')
    expect(events.at(-1)?.folder?.pending).toBe(0)
    await watch.remove(added.id)
    expect(events.at(-1)).toEqual({ folder: null, removed: added.id })
    expect(() => watch.get(added.id)).toThrow('There is no watched folder')
  })
})
