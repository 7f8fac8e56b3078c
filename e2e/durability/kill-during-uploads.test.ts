import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir, startHeadlessServer } from '../support/headless-server'
import { checkStoreInvariants } from '../support/store-invariants'

/** How many crash-and-restart rounds `npm test` runs; the nightly script raises it. */
const ROUNDS = Number(process.env.DARKROOM_KILL_ROUNDS ?? 3)
const CONCURRENT_UPLOADS = 50

const makeImages = async (count: number, seed: number): Promise<Buffer[]> =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp({
        create: {
          width: 640,
          height: 480,
          channels: 3,
          background: '#000',
          noise: { type: 'gaussian', mean: (seed * 7 + i * 13) % 255, sigma: 60 }
        }
      })
        .jpeg({ quality: 90 })
        .toBuffer()
    )
  )

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex')

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('kill -9 during 50 concurrent uploads', () => {
  it(`loses no acknowledged upload over ${ROUNDS} rounds`, { timeout: 60_000 * ROUNDS }, async () => {
    const dataDir = await newDataDir()
    dirs.push(dataDir)
    const acknowledged = new Map<string, string>() // hash -> binary hash
    let interruptedRounds = 0
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startHeadlessServer(dataDir)
      const images = await makeImages(CONCURRENT_UPLOADS, round)
      let answered = 0
      // Kill once a random number of uploads has been acknowledged: mid-burst on any machine speed.
      const killAfter = 3 + Math.floor(Math.random() * 20)
      let reachedTarget: () => void = () => {}
      const targetReached = new Promise<void>((resolve) => (reachedTarget = resolve))
      const uploads = images.map(async (image, i) => {
        const form = new FormData()
        form.append('filedata', new Blob([image], { type: 'image/jpeg' }), `r${round}-${i}.jpg`)
        try {
          const res = await fetch(`${server.url}/sourceimages/local`, {
            method: 'POST',
            headers: { 'api-key': server.apiKey },
            body: form
          })
          if (res.status !== 201) return
          answered++
          if (answered === killAfter) reachedTarget()
          const body = (await res.json()) as { items: { hash: string; binary_hash: string }[] }
          const item = body.items[0]
          if (item) acknowledged.set(item.hash, item.binary_hash)
          expect(item?.binary_hash).toBe(sha1(image))
        } catch {
          // the connection died with the server: not acknowledged, nothing to keep
        }
      })
      await Promise.race([targetReached, new Promise((resolve) => setTimeout(resolve, 20_000))])
      await server.kill()
      await Promise.all(uploads)
      if (answered > 0 && answered < CONCURRENT_UPLOADS) interruptedRounds++

      const restarted = await startHeadlessServer(dataDir)
      try {
        for (const [hash, binaryHash] of acknowledged) {
          const res = await fetch(`${restarted.url}/sourceimages/local/${hash}/download`, {
            headers: { 'api-key': restarted.apiKey }
          })
          expect(res.status, `acknowledged ${hash} must survive`).toBe(200)
          expect(sha1(Buffer.from(await res.arrayBuffer()))).toBe(binaryHash)
        }
      } finally {
        await restarted.stop()
      }
      const report = await checkStoreInvariants(dataDir)
      expect(report.integrity).toBe('ok')
      expect(report.misnamed).toEqual([])
      expect(report.dangling).toEqual([])
      expect(report.temp).toBe(0)
    }
    // The kill must really have landed between acknowledged and unfinished uploads.
    expect(interruptedRounds).toBeGreaterThan(0)
  })
})
