import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import sharp from 'sharp'
import type { FastifyInstance } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { createServices, type Services } from '../../../src-main/services'
import { buildHttpApp } from '../../../src-main/http/app'
import { ensureLocalOwner } from '../../../src-main/identity/bootstrap'
import { multipartBody } from '../../../src-main/testing/test-app'
import { expectStoreInvariants } from '../support/target-server'
import { recordFigures } from '../support/figures'

/** 200 runs by default (about 45 s on two cores); DARKROOM_S17_RUNS overrides. */
const RUNS = Number(process.env.DARKROOM_S17_RUNS ?? 200)

interface Model {
  /** Image index → deleted? (absent: never uploaded) */
  images: Map<number, boolean>
}

interface Real {
  dataDir: string
  services: Services
  app: FastifyInstance
  key: string
  hashes: Map<number, string>
}

let pictures: Buffer[] = []

const open = async (dataDir: string): Promise<Omit<Real, 'hashes'>> => {
  const services = await createServices({ dataDir })
  const owner = await ensureLocalOwner(services.db, services.identity, dataDir)
  void owner
  const { readFile } = await import('node:fs/promises')
  const key = (JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as { api_key: string }).api_key
  const app = await buildHttpApp(services)
  await app.ready()
  return { dataDir, services, app, key }
}

const call = (r: Real, method: 'GET' | 'POST' | 'DELETE', url: string, extra: { payload?: Buffer; headers?: Record<string, string> } = {}) =>
  r.app.inject({ method, url, headers: { 'api-key': r.key, ...extra.headers }, ...(extra.payload ? { payload: extra.payload } : {}) })

/** What the server lists, as index → deleted, compared against the model after every step. */
const observe = async (r: Real): Promise<Map<number, boolean>> => {
  const seen = new Map<number, boolean>()
  for (const [index, hash] of r.hashes) {
    const live = await call(r, 'GET', `/sourceimages/local/${hash}`)
    if (live.statusCode === 200) seen.set(index, false)
    else if ((await call(r, 'GET', `/sourceimages/local/${hash}?deleted=true`)).statusCode === 200) seen.set(index, true)
  }
  return seen
}

class Upload implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = () => true
  async run(m: Model, r: Real) {
    const { body, contentType } = multipartBody([{ name: 'filedata', filename: `${this.index}.png`, data: pictures[this.index] as Buffer }])
    const answer = await call(r, 'POST', '/sourceimages/local', { payload: body, headers: { 'content-type': contentType } })
    expect(answer.statusCode).toBe(201)
    r.hashes.set(this.index, answer.json<{ items: { hash: string }[] }>().items[0]?.hash as string)
    m.images.set(this.index, false) // a re-upload revives a deleted image
  }
  toString = () => `upload(${this.index})`
}

class Delete implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.images.has(this.index)
  async run(m: Model, r: Real) {
    const answer = await call(r, 'DELETE', `/sourceimages/local/${r.hashes.get(this.index)}`)
    expect(answer.statusCode).toBe(m.images.get(this.index) ? 404 : 204)
    m.images.set(this.index, true)
  }
  toString = () => `delete(${this.index})`
}

class Restore implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.images.has(this.index)
  async run(m: Model, r: Real) {
    const answer = await call(r, 'POST', `/sourceimages/local/${r.hashes.get(this.index)}/restore`)
    expect(answer.statusCode).toBe(200)
    m.images.set(this.index, false)
  }
  toString = () => `restore(${this.index})`
}

class Render implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.images.has(this.index)
  async run(m: Model, r: Real) {
    const answer = await call(r, 'GET', `/render/local/dynamic/resize-width-4/${r.hashes.get(this.index)}.png`)
    // rokka keeps rendering a deleted image until it is purged; live ones must render
    if (m.images.get(this.index) === false) expect(answer.statusCode).toBe(200)
    else expect([200, 404]).toContain(answer.statusCode)
    if (answer.statusCode === 200) expect((await sharp(answer.rawPayload).metadata()).width).toBe(4)
  }
  toString = () => `render(${this.index})`
}

class Restart implements fc.AsyncCommand<Model, Real> {
  constructor(readonly crash: boolean) {}
  check = () => true
  async run(_m: Model, r: Real) {
    // a crash drops the services without closing anything; a restart closes them cleanly
    if (!this.crash) {
      await r.app.close()
      await r.services.close()
    }
    Object.assign(r, await open(r.dataDir))
  }
  toString = () => (this.crash ? 'crash' : 'restart')
}

// two images: enough to tell them apart, and the same image comes back often within one run
const index = fc.integer({ min: 0, max: 1 })
const commands = [
  index.map((i) => new Upload(i)),
  index.map((i) => new Delete(i)),
  index.map((i) => new Restore(i)),
  index.map((i) => new Render(i)),
  fc.boolean().map((crash) => new Restart(crash))
]

/**
 * Shrunk counterexamples, run before the random ones: random runs found these only after up to
 * 170 of their 200 tries, or (restore) not at all.
 */
const regressions = (): [Iterable<fc.AsyncCommand<Model, Real>>][] => [
  // a re-upload of a deleted image brings it back
  [[new Upload(1), new Delete(1), new Upload(1)]],
  // a restore brings a deleted image back
  [[new Upload(0), new Delete(0), new Restore(0)]]
]

beforeAll(async () => {
  pictures = await Promise.all(
    ['#e6194b', '#3cb44b'].map((colour) =>
      sharp({ create: { width: 12, height: 8, channels: 3, background: colour } }).png().toBuffer()
    )
  )
})

describe('store model (test plan 5.4)', () => {
  it(`S17: upload, delete, restore, render, restart and crash against the real store agree with a model (${RUNS} runs)`, async () => {
    let steps = 0
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        const dataDir = await mkdtemp(join(tmpdir(), 'darkroom-s17-'))
        const real: Real = { ...(await open(dataDir)), hashes: new Map() }
        const model: Model = { images: new Map() }
        try {
          await fc.asyncModelRun(() => ({ model, real }), [...cmds].map((command) => {
            steps += 1
            const original = command.run.bind(command)
            command.run = async (m: Model, r: Real) => {
              await original(m, r)
              expect(await observe(r)).toEqual(m.images)
            }
            return command
          }))
          await real.app.close()
          await real.services.close()
          await expectStoreInvariants(dataDir)
        } finally {
          await rm(dataDir, { recursive: true, force: true })
        }
      }),
      { numRuns: RUNS, examples: regressions() }
    )
    recordFigures('S17', { runs: RUNS, steps, counterexamples: 0 })
  }, 600_000)
})
