import { existsSync } from 'node:fs'
import { readdir, rm, statfs, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../../support/headless-server'
import { expectStoreInvariants } from '../../support/store-invariants'
import { recordFigures } from '../support/figures'
import { getBytes, mountSmallDisk, mountsAllowed, noiseJpeg, sha1, unmount, uploadImage } from './fault-kit'

const MB = 1024 * 1024

/** A valid PNG of about `mb` megabytes: uncompressed noise. */
const bigPng = (mb: number) => {
  const side = Math.ceil(Math.sqrt((mb * MB) / 3))
  return sharp({ create: { width: side, height: side, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png({ compressionLevel: 0 })
    .toBuffer()
}

const freeBytes = async (dir: string) => {
  const info = await statfs(dir)
  return info.bavail * info.bsize
}

let disk: string | undefined
let server: RunningServer | undefined
afterAll(async () => {
  await server?.stop()
  if (disk) {
    unmount(disk)
    await rm(disk, { recursive: true, force: true })
  }
})

if (!mountsAllowed) console.warn('F6 skipped: this machine does not let tests mount a small tmpfs (needs root)')

describe.skipIf(!mountsAllowed)('F6: disk full on blob write', () => {
  it('F6: an upload that does not fit answers 507 JSON, stores nothing, leaves no temp file; after space is freed it succeeds', async () => {
    disk = mountSmallDisk(48)
    server = await startHeadlessServer(disk)
    const before = await uploadImage(server, await noiseJpeg(1), 'fits.jpg')
    expect(before.status).toBe(201)

    // Fill the disk until 3 MB are left, then send 8 MB.
    const filler = join(disk, 'filler')
    await writeFile(filler, Buffer.alloc((await freeBytes(disk)) - 3 * MB))
    const big = await bigPng(8)
    // Several times: each refusal must reach the client (not a reset) and leave the connection usable.
    const attempts = 5
    let full = await uploadImage(server, big, 'too-big-for-the-disk.png')
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) full = await uploadImage(server, big, 'too-big-for-the-disk.png')
      expect(full.status).toBe(507)
      expect(full.body.reason).toBe('insufficient_storage')
      expect(full.body.message).toMatch(/disk is full/)
      expect((await getBytes(server, '/sourceimages/local?limit=1')).status).toBe(200)
    }
    expect(await readdir(join(disk, 'blobs', 'tmp'))).toEqual([])
    const object = join(disk, 'blobs', 'objects', sha1(big).slice(0, 2), sha1(big))
    expect(existsSync(object), 'no partial object').toBe(false)
    const listed = JSON.parse((await getBytes(server, '/sourceimages/local?limit=100')).bytes.toString()) as { total: number }
    expect(listed.total).toBe(1)
    // still serving what it has
    const kept = await getBytes(server, `/sourceimages/local/${before.item?.hash}/download`)
    expect(sha1(kept.bytes)).toBe(before.item?.binary_hash)

    await rm(filler)
    const after = await uploadImage(server, big, 'fits-now.png')
    expect(after.status).toBe(201)
    expect(after.item?.binary_hash).toBe(sha1(big))
    const download = await getBytes(server, `/sourceimages/local/${after.item?.hash}/download`)
    expect(sha1(download.bytes)).toBe(sha1(big))

    expect(await server.stop()).toBe(0)
    server = undefined
    await expectStoreInvariants(disk)
    recordFigures('F6', {
      'faults injected': attempts,
      'answer when full': full.status,
      'partial objects': 0,
      'temp files left': 0,
      'uploads acknowledged after freeing space': 1,
      'data lost': 0
    })
  })
})
