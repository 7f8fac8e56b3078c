import { execFile } from 'node:child_process'
import { appendFile, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, injectUpload, type TestApp } from '../testing/test-app'
import { formatVerifyReport, verifyStore } from './verify-store'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(async () => t.close())

const makeImage = (seed: number) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: { r: seed * 40, g: 200 - seed * 30, b: 90 } } })
    .png()
    .toBuffer()

/** Uploads `count` different images; returns their hash and binary hash. */
const upload = async (count: number) => {
  const out: { hash: string; binaryHash: string }[] = []
  for (let i = 0; i < count; i++) {
    const res = await injectUpload(t, [{ name: 'filedata', filename: `i${i}.png`, data: await makeImage(i) }])
    expect(res.statusCode).toBe(201)
    const item = res.json().items[0] as { hash: string; binary_hash: string }
    out.push({ hash: item.hash, binaryHash: item.binary_hash })
  }
  return out
}

const objectPath = (binaryHash: string) => t.services.blobs.pathOf(binaryHash)

const flipByte = async (path: string, offset: number) => {
  const bytes = await readFile(path)
  bytes[offset] = (bytes[offset] as number) ^ 0xff
  await writeFile(path, bytes)
}

describe('verifyStore', () => {
  it('finds nothing wrong in a healthy store', async () => {
    await upload(3)
    const report = await verifyStore(t.dataDir)
    expect(report).toMatchObject({ rows: 3, objects: 3, objectsHashed: 3, problems: 0, integrity: 'ok' })
    expect(report.corrupt).toEqual([])
    expect(report.missing).toEqual([])
    expect(formatVerifyReport(report)).toContain('No problems found.')
  })

  it('names exactly the objects whose bytes changed, with the images that use them', async () => {
    const images = await upload(4)
    const [a, b] = images as [(typeof images)[0], (typeof images)[0]]
    await flipByte(objectPath(a.binaryHash), 30)
    await appendFile(objectPath(b.binaryHash), 'x')
    const report = await verifyStore(t.dataDir)
    expect(report.corrupt.map((o) => o.blobHash).sort()).toEqual([a.binaryHash, b.binaryHash].sort())
    expect(report.corrupt.find((o) => o.blobHash === a.binaryHash)?.images).toEqual([
      { organization: 'local', hash: a.hash }
    ])
    expect(report.corrupt[0]?.actualHash).toMatch(/^[0-9a-f]{40}$/)
    expect(report.missing).toEqual([])
    expect(report.problems).toBe(2)
    expect(formatVerifyReport(report)).toContain(`CORRUPT object ${a.binaryHash}`)
  })

  it('reports a row whose object is gone as missing, and an object without a row as orphan', async () => {
    const [gone, kept] = (await upload(2)) as [{ hash: string; binaryHash: string }, { hash: string; binaryHash: string }]
    await unlink(objectPath(gone.binaryHash))
    t.services.db.prepare('DELETE FROM source_images WHERE hash = ?').run(kept.hash)
    const report = await verifyStore(t.dataDir)
    expect(report.missing).toEqual([{ blobHash: gone.binaryHash, images: [{ organization: 'local', hash: gone.hash }] }])
    expect(report.orphans).toEqual([kept.binaryHash])
    // an orphan is collected by the garbage collector: not a problem
    expect(report.problems).toBe(1)
    expect(formatVerifyReport(report)).toContain(`MISSING object ${gone.binaryHash}: local/${gone.hash}`)
  })

  it('reports render cache entries whose file is missing or has another size', async () => {
    const [image] = await upload(1)
    const keys: string[] = []
    for (const width of [10, 20, 30]) {
      const res = await t.app.inject({ url: `/render/local/dynamic/resize-width-${width}/${image?.hash}.png` })
      expect(res.statusCode).toBe(200)
      keys.push(String(res.headers.etag).replaceAll('"', ''))
    }
    await t.services.renderCache.flush() // renders reach the disk in the background
    const [truncated, missing] = keys as [string, string]
    await truncate(t.services.renderCache.pathOf(truncated), 5)
    await rm(t.services.renderCache.pathOf(missing))
    const report = await verifyStore(t.dataDir)
    expect(report.renders).toBe(3)
    expect(report.damagedRenders.map((r) => [r.key, r.reason]).sort()).toEqual(
      [
        [truncated, expect.stringMatching(/^its file has 5 bytes/)],
        [missing, 'its file is missing']
      ].sort()
    )
    expect(report.problems).toBe(2)
  })

  it('re-hashes only a sample when asked', async () => {
    const images = await upload(4)
    for (const image of images) await flipByte(objectPath(image.binaryHash), 40)
    let n = 0
    // every other object falls in the 50% sample
    const report = await verifyStore(t.dataDir, { samplePercent: 50, random: () => (n++ % 2 === 0 ? 0.1 : 0.9) })
    expect(report.objectsHashed).toBe(2)
    expect(report.corrupt).toHaveLength(2)
  })

  it('says when the database is not a database', async () => {
    const dir = join(t.dataDir, 'broken')
    await import('node:fs/promises').then((fs) => fs.mkdir(dir))
    await writeFile(join(dir, 'darkroom.sqlite'), 'not a database at all, just text')
    const report = await verifyStore(dir)
    expect(report.integrity).toMatch(/^cannot read the database/)
    expect(report.problems).toBe(1)
  })
})

describe('npm run verify', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src-main/verify.ts', ...args]).then(
      (out) => ({ code: 0, stdout: out.stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr })
    )

  it('exits 0 on a clean store and 1 with the damage listed', async () => {
    const [image] = await upload(2)
    expect(await run(['--data-dir', t.dataDir])).toMatchObject({ code: 0, stdout: expect.stringContaining('No problems found.') })
    await flipByte(objectPath(image?.binaryHash as string), 50)
    const damaged = await run(['--data-dir', t.dataDir, '--json'])
    expect(damaged.code).toBe(1)
    expect((JSON.parse(damaged.stdout) as { corrupt: { blobHash: string }[] }).corrupt.map((o) => o.blobHash)).toEqual([
      image?.binaryHash
    ])
  })

  it('exits 2 with a reason on a folder that holds no library or a bad sample', async () => {
    expect(await run(['--data-dir', join(t.dataDir, 'nothing-here')])).toMatchObject({
      code: 2,
      stdout: expect.stringContaining('holds no Darkroom library')
    })
    expect(await run(['--data-dir', t.dataDir, '--sample', '0'])).toMatchObject({
      code: 2,
      stdout: expect.stringContaining('--sample must be a percentage')
    })
  })
})
