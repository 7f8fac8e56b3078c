import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBlobStore, type BlobStore, type ObjectState } from '../storage/blob-store'
import { createDamageRegister, type DamageRegister } from '../storage/damage-register'
import { openDb, type Db } from '../storage/db'
import { createScrubRepo } from '../storage/scrub-repo'
import { createSourceImageRepo, type SourceImageRepo } from '../storage/source-image-repo'
import { createObjectScrub, type ScrubRate } from './object-scrub'

const ORG = 'org-1'
const DAY_MS = 24 * 60 * 60_000
const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex')

let dir: string
let db: Db
let blobs: BlobStore
let damage: DamageRegister
let images: SourceImageRepo
let clock: number
const now = () => clock

/** Objects with a row each, as an upload leaves them; returned in blob-hash order. */
interface Original {
  blobHash: string
  bytes: Buffer
  /** Its image's number: the image is `photo-<n>.jpg` with hash sha1(`image-<n>`). */
  n: number
}

const storeOriginals = async (count: number): Promise<Original[]> => {
  const stored: Original[] = []
  for (let i = 0; i < count; i++) {
    const bytes = Buffer.from(`original number ${i} `.repeat(200 + i))
    const staged = await blobs.stage(Readable.from([bytes]), 1e6)
    await blobs.commit(staged)
    images.insert({
      organizationId: ORG,
      hash: sha1(`image-${i}`),
      binaryHash: staged.binaryHash,
      blobHash: staged.binaryHash,
      name: `photo-${i}.jpg`,
      mimetype: 'image/jpeg',
      format: 'jpg',
      size: bytes.length,
      width: 10,
      height: 10,
      created: '2026-01-01T00:00:00+00:00',
      userMetadata: {},
      dynamicMetadata: {},
      staticMetadata: {},
      isProtected: false,
      locked: false,
      opaque: true,
      animated: false,
      entropy: null,
      deletedDate: null
    })
    stored.push({ blobHash: staged.binaryHash, bytes, n: i })
  }
  return stored.sort((a, b) => a.blobHash.localeCompare(b.blobHash))
}

/** A scrub over the real store; `checked` lists the objects it re-hashed, in order. */
const makeScrub = (rate: ScrubRate) => {
  const checked: string[] = []
  const scrub = createObjectScrub({
    repo: createScrubRepo(db),
    check: async (blobHash): Promise<ObjectState> => {
      checked.push(blobHash)
      return blobs.check(blobHash)
    },
    onPassComplete: damage.forgetUnused,
    rate,
    now
  })
  return { scrub, checked }
}

/** A rate that re-hashes exactly `objectsPerTick` of `objects` originals each tick. */
const rateFor = (objects: number, objectsPerTick: number, tickMs = 60_000): ScrubRate => ({
  percentPerDay: (100 * objectsPerTick * DAY_MS) / (objects * tickMs),
  tickMs
})

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-scrub-'))
  db = openDb(join(dir, 'darkroom.sqlite'))
  db.prepare(
    "INSERT INTO organizations (id, name, display_name, billing_email, master_organization, created, signing_key) VALUES (?, 'local', 'local', '', ?, '2026-01-01T00:00:00+00:00', 'k')"
  ).run(ORG, ORG)
  damage = createDamageRegister(db)
  blobs = await createBlobStore(join(dir, 'blobs'), {
    committed: (blobHash) => damage.note(blobHash, 'intact'),
    checked: damage.note
  })
  images = createSourceImageRepo(db)
  clock = 1_000_000_000
})
afterEach(async () => {
  db.close()
  await rm(dir, { recursive: true, force: true })
})

describe('object scrub', () => {
  it('re-hashes the share its rate owes each tick and walks every original once per pass', async () => {
    const originals = await storeOriginals(10)
    const { scrub, checked } = makeScrub(rateFor(10, 2))
    for (let tick = 0; tick < 5; tick++) {
      clock += 60_000
      expect(await scrub.tick()).toBe(2)
    }
    expect(checked).toEqual(originals.map((o) => o.blobHash))
    expect(scrub.status()).toMatchObject({ objects: 10, checkedInPass: 0, passes: 1, cursor: '' })
    expect(scrub.status().lastPass).not.toBeNull()
    clock += 60_000
    await scrub.tick()
    expect(checked.slice(10)).toEqual(originals.slice(0, 2).map((o) => o.blobHash))
    expect(scrub.status()).toMatchObject({ checkedInPass: 2, passes: 1 })
  })

  it('carries fractions of an object over to later ticks', async () => {
    await storeOriginals(4)
    const { scrub } = makeScrub(rateFor(4, 0.25))
    const perTick: number[] = []
    for (let tick = 0; tick < 8; tick++) {
      clock += 60_000
      perTick.push(await scrub.tick())
    }
    expect(perTick).toEqual([0, 0, 0, 1, 0, 0, 0, 1])
  })

  it('catches up at most two ticks after a long pause, never a whole pass at once', async () => {
    await storeOriginals(10)
    const { scrub } = makeScrub(rateFor(10, 1))
    clock += 7 * DAY_MS
    expect(await scrub.tick()).toBe(2)
  })

  it('remembers exactly the damaged and missing originals and forgets them once repaired', async () => {
    const originals = await storeOriginals(6)
    const [rotten, gone] = [originals[1], originals[4]] as [Original, Original]
    const bytes = Buffer.from(rotten.bytes)
    bytes[7] = (bytes[7] as number) ^ 0x10
    await writeFile(blobs.pathOf(rotten.blobHash), bytes)
    await unlink(blobs.pathOf(gone.blobHash))

    const { scrub } = makeScrub(rateFor(6, 6))
    clock += 60_000
    expect(await scrub.tick()).toBe(6)
    const found = damage.list()
    expect(found.map((d) => [d.blobHash, d.state]).sort()).toEqual(
      [
        [rotten.blobHash, 'damaged'],
        [gone.blobHash, 'missing']
      ].sort()
    )
    expect(found.find((d) => d.state === 'missing')?.images).toEqual([
      {
        organizationId: ORG,
        organization: 'local',
        hash: sha1(`image-${gone.n}`),
        name: `photo-${gone.n}.jpg`,
        deleted: false
      }
    ])

    // a restart keeps what was found
    expect(
      createDamageRegister(db)
        .list()
        .map((d) => d.blobHash)
        .sort()
    ).toEqual([rotten.blobHash, gone.blobHash].sort())

    // uploading the same bytes again repairs each at once, the rotten one replaced in place
    await blobs.commit(await blobs.stage(Readable.from([gone.bytes]), 1e6))
    expect(damage.list().map((d) => d.blobHash)).toEqual([rotten.blobHash])
    await blobs.commit(await blobs.stage(Readable.from([rotten.bytes]), 1e6))
    expect(damage.list()).toEqual([])
    expect(await readFile(blobs.pathOf(rotten.blobHash))).toEqual(rotten.bytes)
    clock += 60_000
    await scrub.tick()
    expect(damage.list()).toEqual([])
    expect(createDamageRegister(db).list()).toEqual([])
  })

  it('forgets damage of originals no image uses any more when a pass completes', async () => {
    const originals = await storeOriginals(3)
    const victim = originals[0] as Original
    await unlink(blobs.pathOf(victim.blobHash))
    const { scrub } = makeScrub(rateFor(3, 3))
    clock += 60_000
    await scrub.tick()
    expect(damage.list().map((d) => d.blobHash)).toEqual([victim.blobHash])

    images.purge(ORG, sha1(`image-${victim.n}`))
    expect(damage.list()).toEqual([])
    clock += 60_000
    await scrub.tick()
    expect(db.prepare('SELECT count(*) AS n FROM damaged_objects').get()).toEqual({ n: 0 })
  })

  it('resumes after a restart where it stopped instead of starting over', async () => {
    const originals = await storeOriginals(10)
    const first = makeScrub(rateFor(10, 4))
    clock += 60_000
    await first.scrub.tick()
    await first.scrub.stop()

    const second = makeScrub(rateFor(10, 4))
    clock += 60_000
    await second.scrub.tick()
    expect(first.checked).toEqual(originals.slice(0, 4).map((o) => o.blobHash))
    expect(second.checked).toEqual(originals.slice(4, 8).map((o) => o.blobHash))
    expect(second.scrub.status()).toMatchObject({ checkedInPass: 8, passes: 0 })
  })

  it('runs by itself once started, and stops between objects and ticks no more once stopped', async () => {
    await storeOriginals(20)
    const checked: string[] = []
    // the real clock and timers: a full pass owed every 5 ms tick
    const scrub = createObjectScrub({
      repo: createScrubRepo(db),
      check: async (blobHash) => {
        checked.push(blobHash)
        return blobs.check(blobHash)
      },
      rate: { percentPerDay: 1e9, tickMs: 5 }
    })
    scrub.start()
    while (checked.length < 3) await new Promise((resolve) => setTimeout(resolve, 5))
    await scrub.stop()
    const atStop = checked.length
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(checked.length).toBe(atStop)
    expect(createScrubRepo(db).loadProgress().lastCheck).not.toBeNull()
  })
})
