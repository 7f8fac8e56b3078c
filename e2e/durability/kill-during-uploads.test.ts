import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir, startHeadlessServer, type RunningServer } from '../support/headless-server'
import { checkStoreInvariants, expectStoreInvariants } from '../support/store-invariants'
import { recordFigures } from '../hardening/support/figures'

/** Crash-and-restart rounds: 50 in `npm test`; `npm run test:nightly` raises it. */
const ROUNDS = Number(process.env.DARKROOM_KILL_ROUNDS ?? 50)
const CONCURRENT_UPLOADS = 50
/** The short orphan grace of the last restart, which must collect every crash leftover at once. */
const SHORT_GRACE_SECONDS = 1

// Small images keep a round cheap; the noise makes every one of them a new object.
const makeImages = async (count: number, round: number): Promise<Buffer[]> =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp({
        create: {
          width: 160,
          height: 120,
          channels: 3,
          background: { r: round % 256, g: i * 5, b: (round * 31 + i) % 256 },
          noise: { type: 'gaussian', mean: (round * 7 + i * 13) % 255, sigma: 60 }
        }
      })
        .jpeg({ quality: 90 })
        .toBuffer()
    )
  )

const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex')

const download = async (server: RunningServer, hash: string) => {
  const res = await fetch(`${server.url}/sourceimages/local/${hash}/download`, {
    headers: { 'api-key': server.apiKey }
  })
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) }
}

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('F1: kill -9 during concurrent uploads', () => {
  it(`F1: loses no acknowledged upload over ${ROUNDS} crash-and-restart rounds of ${CONCURRENT_UPLOADS} uploads`, { timeout: 60_000 + 30_000 * ROUNDS }, async () => {
    const dataDir = await newDataDir()
    dirs.push(dataDir)
    const acknowledged = new Map<string, string>() // hash -> binary hash
    let interruptedRounds = 0
    let refused = 0
    let maxOrphans = 0
    let leftovers = { orphans: 0, temp: 0 }
    // One start per round: the server restarted after a crash takes the next round's uploads.
    let server = await startHeadlessServer(dataDir)
    for (let round = 0; round < ROUNDS; round++) {
      const images = await makeImages(CONCURRENT_UPLOADS, round)
      const thisRound = new Map<string, string>()
      let answered = 0
      // Kill once a random number of uploads has been acknowledged: mid-burst on any machine speed.
      const killAfter = 1 + Math.floor(Math.random() * 25)
      let reachedTarget: () => void = () => {}
      const targetReached = new Promise<void>((resolve) => (reachedTarget = resolve))
      const running = server
      const uploads = images.map(async (image, i) => {
        const form = new FormData()
        form.append('filedata', new Blob([image], { type: 'image/jpeg' }), `r${round}-${i}.jpg`)
        try {
          const res = await fetch(`${running.url}/sourceimages/local`, {
            method: 'POST',
            headers: { 'api-key': running.apiKey },
            body: form
          })
          if (res.status !== 201) {
            refused++
            return
          }
          const body = (await res.json()) as { items: { hash: string; binary_hash: string }[] }
          const item = body.items[0]
          if (!item) return
          expect(item.binary_hash).toBe(sha1(image))
          acknowledged.set(item.hash, item.binary_hash)
          thisRound.set(item.hash, item.binary_hash)
          answered++
          if (answered === killAfter) reachedTarget()
        } catch {
          // the connection died with the server: not acknowledged, nothing to keep
        }
      })
      await Promise.race([targetReached, new Promise((resolve) => setTimeout(resolve, 20_000))])
      await server.kill()
      const killedAt = Date.now()
      await Promise.all(uploads)
      if (answered > 0 && answered < CONCURRENT_UPLOADS) interruptedRounds++

      const lastRound = round === ROUNDS - 1
      if (lastRound) {
        // Earlier restarts kept the default grace of 10 minutes, so every round's orphans are
        // still here; the last restart gets a short grace and must collect them in its one GC.
        const before = await checkStoreInvariants(dataDir)
        leftovers = { orphans: before.orphans.length, temp: before.temp }
        expect(leftovers.orphans, 'orphan objects left by the crashes, to be collected').toBeGreaterThan(0)
        await sleep(Math.max(0, killedAt + SHORT_GRACE_SECONDS * 1000 - Date.now()))
      }
      server = await startHeadlessServer(
        dataDir,
        lastRound ? ['--orphan-grace', String(SHORT_GRACE_SECONDS)] : []
      )
      for (const [hash, binaryHash] of thisRound) {
        const { status, bytes } = await download(server, hash)
        expect(status, `acknowledged ${hash} must survive`).toBe(200)
        expect(sha1(bytes)).toBe(binaryHash)
      }
      // The restarted server is idle: the store must be whole (orphans bounded by the crashes;
      // none and no temp file at all after the start with the short grace).
      const report = await expectStoreInvariants(dataDir, {
        maxOrphans: lastRound ? 0 : CONCURRENT_UPLOADS * (round + 1)
      })
      maxOrphans = Math.max(maxOrphans, report.orphans.length)
    }
    // Every upload acknowledged in any round is still there, byte for byte.
    for (const [hash, binaryHash] of acknowledged) {
      const { status, bytes } = await download(server, hash)
      expect(status, `acknowledged ${hash} must survive every later crash`).toBe(200)
      expect(sha1(bytes)).toBe(binaryHash)
    }
    await server.stop()
    const final = await expectStoreInvariants(dataDir, { maxOrphans: 0 })
    // The kill must really have landed between acknowledged and unfinished uploads.
    expect(interruptedRounds).toBeGreaterThan(0)
    recordFigures('F1', {
      'faults injected': ROUNDS,
      'rounds killed mid-burst': interruptedRounds,
      'uploads sent': ROUNDS * CONCURRENT_UPLOADS,
      'uploads acknowledged': acknowledged.size,
      'uploads refused (non-201)': refused,
      'data lost': 0,
      'orphan objects at most': maxOrphans,
      'orphan objects collected by one GC cycle': leftovers.orphans,
      'temp files removed by one GC cycle': leftovers.temp,
      'objects at end': final.objects
    })
  })
})
