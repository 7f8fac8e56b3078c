import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrganizationRepo } from '../identity/organization-repo'
import { createBlobStore, type BlobStore, type StagedBlob } from '../storage/blob-store'
import { openDb, type Db } from '../storage/db'
import { createSourceImageRepo, type SourceImageRepo } from '../storage/source-image-repo'
import { inspectUpload, type InspectedImage } from './inspect-upload'
import { createUploadInspector } from './upload-inspector'

let dir: string
let db: Db
let blobs: BlobStore
let images: SourceImageRepo
let orgId: string
/** How many times the real probe ran. */
let probes: number
const countedProbe = (staged: StagedBlob, maxPixels: number): Promise<InspectedImage> => {
  probes += 1
  return inspectUpload(staged, maxPixels)
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-inspector-'))
  db = openDb(join(dir, 'darkroom.sqlite'))
  blobs = await createBlobStore(join(dir, 'blobs'))
  images = createSourceImageRepo(db)
  orgId = createOrganizationRepo(db).create({ name: 'local', displayName: 'local', billingEmail: '' }).id
  probes = 0
})
afterEach(async () => {
  db.close()
  await rm(dir, { recursive: true, force: true })
})

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 90, b: 30 } } }).png().toBuffer()

const stageBytes = async (bytes: Buffer) => blobs.stage(Readable.from([bytes]), 10_000_000)

/** Records an image of `staged` with `facts`, as an upload does once its checks have passed. */
const recordImage = (staged: StagedBlob, facts: InspectedImage, blobHash = staged.binaryHash) =>
  images.insert({
    organizationId: orgId,
    hash: staged.binaryHash,
    binaryHash: staged.binaryHash,
    blobHash,
    name: 'photo.png',
    size: staged.size,
    created: '2026-01-01T00:00:00+00:00',
    userMetadata: {},
    dynamicMetadata: {},
    isProtected: false,
    locked: false,
    deletedDate: null,
    ...facts
  })

describe('upload inspector', () => {
  it('takes the facts of bytes the organization already holds instead of decoding them again', async () => {
    const inspect = createUploadInspector({ images, maxPixels: 1_000_000, inspect: countedProbe })
    const bytes = await png(40, 30)
    const first = await stageBytes(bytes)
    const facts = await inspect(orgId, first)
    expect(facts).toMatchObject({ format: 'png', width: 40, height: 30, opaque: true })
    expect(probes).toBe(1)
    recordImage(first, facts)

    const again = await inspect(orgId, await stageBytes(bytes))
    expect(again).toEqual(facts)
    expect(probes).toBe(1)
    // other bytes are decoded as ever
    expect(await inspect(orgId, await stageBytes(await png(41, 30)))).toMatchObject({ width: 41 })
    expect(probes).toBe(2)
  })

  it('lets uploads of the same bytes that arrive together share one probe', async () => {
    const inspect = createUploadInspector({ images, maxPixels: 1_000_000, inspect: countedProbe })
    const bytes = await png(64, 48)
    const staged = await Promise.all([stageBytes(bytes), stageBytes(bytes), stageBytes(bytes)])
    const facts = await Promise.all(staged.map((one) => inspect(orgId, one)))
    expect(probes).toBe(1)
    expect(facts[1]).toEqual(facts[0])
    expect(facts[2]).toEqual(facts[0])
    // the shared probe is over: later bytes of that content, not yet recorded, are probed afresh
    await inspect(orgId, await stageBytes(bytes))
    expect(probes).toBe(2)
  })

  it('decodes again when the known image was stored converted, or is bigger than today\'s limit allows', async () => {
    const bytes = await png(50, 50)
    const staged = await stageBytes(bytes)
    const facts = await inspectUpload(staged, 1_000_000)
    recordImage(staged, facts, 'c'.repeat(40))
    const generous = createUploadInspector({ images, maxPixels: 1_000_000, inspect: countedProbe })
    await generous(orgId, await stageBytes(bytes))
    expect(probes).toBe(1)

    images.purge(orgId, staged.binaryHash)
    recordImage(staged, facts)
    const strict = createUploadInspector({ images, maxPixels: 2_000, inspect: countedProbe })
    await expect(strict(orgId, await stageBytes(bytes))).rejects.toMatchObject({ status: 400, code: 'image_too_large' })
    expect(probes).toBe(2)
  })
})
