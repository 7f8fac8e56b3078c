import { readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../../support/headless-server'
import { checkStoreInvariants } from '../../support/store-invariants'
import { recordFigures } from '../support/figures'
import {
  FAST_SCRUB_FLAGS,
  getBytes,
  noiseJpeg,
  runVerify,
  sha1,
  uploadImage,
  waitForFreshScrub,
  type Uploaded
} from './fault-kit'

const IMAGES = 14

let server: RunningServer
const uploaded: Uploaded[] = []

const objectPath = (binaryHash: string) =>
  join(server.dataDir, 'blobs', 'objects', binaryHash.slice(0, 2), binaryHash)

const render = (hash: string, width: number) => getBytes(server, `/render/local/dynamic/resize-width-${width}/${hash}.png`)

const pickRandom = <T>(items: T[], count: number): T[] =>
  [...items]
    .map((item) => ({ item, order: Math.random() }))
    .sort((a, b) => a.order - b.order)
    .slice(0, count)
    .map(({ item }) => item)

/** The error answer of a damaged original: JSON that says so, never image bytes. */
const expectDamaged = (answer: { status: number; type: string; bytes: Buffer }, state: 'damaged' | 'missing') => {
  expect(answer.status).toBe(500)
  expect(answer.type).toMatch(/^application\/json/)
  const body = JSON.parse(answer.bytes.toString()) as { reason: string; message: string; details: { state: string } }
  expect(body.reason).toBe('corrupt')
  expect(body.details.state).toBe(state)
  expect(body.message).toMatch(/is damaged/)
}

beforeAll(async () => {
  // the background scrub runs many passes a second here, so a test need not wait days for it
  server = await startHeadlessServer(undefined, FAST_SCRUB_FLAGS)
  for (let i = 0; i < IMAGES; i++) {
    const { status, item } = await uploadImage(server, await noiseJpeg(1000 + i, 200, 150), `rot-${i}.jpg`)
    expect(status).toBe(201)
    uploaded.push(item as Uploaded)
    // a cached render of every image: damage to the original must not spoil existing renders
    expect((await render(item?.hash as string, 50)).status).toBe(200)
  }
}, 120_000)

afterAll(async () => {
  await server.stop()
  await rm(server.dataDir, { recursive: true, force: true })
})

/** The damaged originals the server's health endpoint reports: blob hash → image hashes. */
const reported = (originals: { blob_hash: string; images: { hash: string }[] }[]) =>
  Object.fromEntries(originals.map((o) => [o.blob_hash, o.images.map((image) => image.hash)]))

describe('F12: bit-rot in stored originals', () => {
  it('F12: verify and the background scrub name exactly the 5 rotten objects; their downloads and new renders fail cleanly, the rest is untouched', async () => {
    const rotten = pickRandom(uploaded.slice(0, 10), 5)
    for (const image of rotten) {
      const path = objectPath(image.binary_hash)
      const bytes = await readFile(path)
      const offset = Math.floor(Math.random() * bytes.length)
      bytes[offset] = (bytes[offset] as number) ^ (1 << Math.floor(Math.random() * 8))
      await writeFile(path, bytes)
    }
    const rottenHashes = new Set(rotten.map((image) => image.binary_hash))
    const intact = uploaded.slice(0, 10).filter((image) => !rottenHashes.has(image.binary_hash))

    const { code, report } = await runVerify(server.dataDir)
    expect(code).toBe(1)
    expect(report.corrupt.map((object) => object.blobHash).sort()).toEqual([...rottenHashes].sort())
    expect(report.corrupt.flatMap((object) => object.images.map((image) => image.hash)).sort()).toEqual(
      rotten.map((image) => image.hash).sort()
    )
    expect(report.missing).toEqual([])
    expect(report.objectsHashed).toBe(IMAGES)

    // Before anything reads them: only the scrub can have found them.
    const { scrub } = await waitForFreshScrub(server)
    expect(scrub.objects).toBe(IMAGES)
    expect(reported(scrub.corrupt)).toEqual(
      Object.fromEntries(rotten.map((image) => [image.binary_hash, [image.hash]]))
    )
    expect(scrub.missing).toEqual([])

    for (const image of rotten) {
      expectDamaged(await getBytes(server, `/sourceimages/local/${image.hash}/download`), 'damaged')
      expectDamaged(await render(image.hash, 80), 'damaged')
      // renders made before the rot are still good renders of the real original
      expect((await render(image.hash, 50)).status).toBe(200)
    }
    for (const image of intact) {
      const download = await getBytes(server, `/sourceimages/local/${image.hash}/download`)
      expect(download.status).toBe(200)
      expect(sha1(download.bytes)).toBe(image.binary_hash)
      expect((await render(image.hash, 80)).status).toBe(200)
    }
    expect((await getBytes(server, '/sourceimages/local?limit=100')).status).toBe(200)

    const invariants = await checkStoreInvariants(server.dataDir)
    expect(invariants.misnamed.sort()).toEqual([...rottenHashes].sort())
    expect(invariants.dangling).toEqual([])
    expect(invariants.integrity).toBe('ok')
    recordFigures('F12', {
      'faults injected': rotten.length,
      'objects checked': report.objectsHashed,
      'reported corrupt': report.corrupt.length,
      'reported corrupt by the scrub': scrub.corrupt.length,
      'damaged bytes served': 0,
      'data lost': 0
    })
  })
})

describe('F13: an object deleted behind the database', () => {
  it('F13: verify and the background scrub report it missing; its download and renders fail with a corrupt flag; nothing else is affected', async () => {
    const gone = uploaded[12] as Uploaded
    const others = uploaded.slice(10).filter((image) => image !== gone)
    await unlink(objectPath(gone.binary_hash))

    const { code, report } = await runVerify(server.dataDir)
    expect(code).toBe(1)
    expect(report.missing).toEqual([{ blobHash: gone.binary_hash, images: [{ organization: 'local', hash: gone.hash }] }])

    const before = report.corrupt.map((object) => object.blobHash).sort()
    const { scrub } = await waitForFreshScrub(server)
    expect(reported(scrub.missing)).toEqual({ [gone.binary_hash]: [gone.hash] })
    expect(scrub.missing[0]?.images).toEqual([{ organization: 'local', hash: gone.hash, name: 'rot-12.jpg', deleted: false }])
    // the rot of F12 is still reported, and nothing more
    expect(scrub.corrupt.map((object) => object.blob_hash).sort()).toEqual(before)

    expectDamaged(await getBytes(server, `/sourceimages/local/${gone.hash}/download`), 'missing')
    expectDamaged(await render(gone.hash, 90), 'missing')
    // the metadata is still listed, so the damage can be seen and the image deleted or re-uploaded
    expect((await getBytes(server, `/sourceimages/local/${gone.hash}`)).status).toBe(200)

    for (const image of others) {
      const download = await getBytes(server, `/sourceimages/local/${image.hash}/download`)
      expect(download.status).toBe(200)
      expect(sha1(download.bytes)).toBe(image.binary_hash)
      expect((await render(image.hash, 90)).status).toBe(200)
    }
    const invariants = await checkStoreInvariants(server.dataDir)
    expect(invariants.dangling).toEqual([gone.hash])
    expect(invariants.integrity).toBe('ok')
    recordFigures('F13', {
      'faults injected': 1,
      'reported missing': report.missing.length,
      'reported missing by the scrub': scrub.missing.length,
      'other images affected': 0
    })
  })
})
