import { readdir, rm, stat, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir, startHeadlessServer, type RunningServer } from '../../support/headless-server'
import { expectStoreInvariants } from '../../support/store-invariants'
import { recordFigures } from '../support/figures'
import { getBytes, noiseJpeg, uploadImage, type Uploaded } from './fault-kit'

const VARIANTS = 50
const ROUNDS = 3
const FORMATS = ['jpg', 'png', 'webp'] as const

const variantUrl = (hash: string, i: number) =>
  `/render/local/dynamic/resize-width-${120 + i * 9}--blur-sigma-${1 + (i % 3)}/${hash}.${FORMATS[i % FORMATS.length]}`

/** Every cache file with its size, as it lies on disk. */
const cacheFiles = async (dataDir: string) => {
  const root = join(dataDir, 'renders')
  const files: { path: string; size: number }[] = []
  for (const prefix of await readdir(root)) {
    if (prefix === 'tmp') continue
    for (const name of await readdir(join(root, prefix))) {
      const path = join(root, prefix, name)
      files.push({ path, size: (await stat(path)).size })
    }
  }
  return files
}

/** A served render must be whole: as long as it says, decodable, as wide as asked. */
const expectWholeRender = async (answer: { status: number; bytes: Buffer }, i: number) => {
  expect(answer.status).toBe(200)
  const meta = await sharp(answer.bytes).metadata()
  expect(meta.width).toBe(120 + i * 9)
  await sharp(answer.bytes).raw().toBuffer()
}

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('F2: kill -9 during render-cache writes', () => {
  it(`F2: no truncated cache entry is ever served after ${ROUNDS} kills amid ${VARIANTS} renders`, { timeout: 180_000 }, async () => {
    const dataDir = await newDataDir()
    dirs.push(dataDir)
    let server: RunningServer = await startHeadlessServer(dataDir)
    const sources: Uploaded[] = []
    const served = new Map<string, Buffer>() // url -> bytes answered before a kill
    let interrupted = 0
    let killedRequests = 0
    for (let round = 0; round < ROUNDS; round++) {
      const { status, item } = await uploadImage(server, await noiseJpeg(700 + round, 1600, 1200), `r${round}.jpg`)
      expect(status).toBe(201)
      const source = item as Uploaded
      sources.push(source)
      const killAfter = 1 + Math.floor(Math.random() * 15)
      let answered = 0
      let reached: () => void = () => {}
      const target = new Promise<void>((resolve) => (reached = resolve))
      const running = server
      const requests = Array.from({ length: VARIANTS }, async (_, i) => {
        const url = variantUrl(source.hash, i)
        try {
          const answer = await getBytes(running, url)
          await expectWholeRender(answer, i)
          served.set(url, answer.bytes)
          answered++
          if (answered === killAfter) reached()
        } catch (error) {
          if (error instanceof Error && error.name === 'AssertionError') throw error
          killedRequests++ // the connection died with the server
        }
      })
      await Promise.race([target, new Promise((resolve) => setTimeout(resolve, 60_000))])
      await server.kill()
      await Promise.all(requests)
      if (answered > 0 && answered < VARIANTS) interrupted++

      server = await startHeadlessServer(dataDir)
      // the restarted server is idle: every cache row has its whole file, no temp file is left
      await expectStoreInvariants(dataDir)
    }

    // A power cut can leave a renamed file without all its data: cut one in half behind the server.
    const files = await cacheFiles(dataDir)
    expect(files.length).toBeGreaterThan(0)
    const torn = files[Math.floor(Math.random() * files.length)] as { path: string; size: number }
    await truncate(torn.path, Math.floor(torn.size / 2))

    for (const source of sources) {
      for (let i = 0; i < VARIANTS; i++) {
        const url = variantUrl(source.hash, i)
        const answer = await getBytes(server, url)
        await expectWholeRender(answer, i)
        const before = served.get(url)
        if (before) expect(answer.bytes.equals(before), `${url} serves the bytes it served before`).toBe(true)
      }
    }
    expect(interrupted).toBeGreaterThan(0)
    expect(await server.stop()).toBe(0)
    await expectStoreInvariants(dataDir)
    recordFigures('F2', {
      'faults injected': ROUNDS + 1,
      'rounds killed mid-render': interrupted,
      'renders served before kills': served.size,
      'requests cut by kills': killedRequests,
      're-requests': ROUNDS * VARIANTS,
      'truncated entries served': 0
    })
  })
})
