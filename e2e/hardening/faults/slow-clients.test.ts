import { connect, type Socket } from 'node:net'
import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../../support/headless-server'
import { expectStoreInvariants } from '../../support/store-invariants'
import { recordFigures } from '../support/figures'
import { getBytes, noiseJpeg, uploadImage } from './fault-kit'

const SLOW_CLIENTS = 50
const REQUEST_TIMEOUT_S = 5
/**
 * Three times the request timeout: Node checks the timeouts every second here, so a slow client is
 * cut after about 6 s; left to Node's default 30 s check it would hang on for up to 30 s.
 */
const CUT_WITHIN_MS = 15_000
/** The headers timeout at the default request timeout (120 s): headers must come within 20 s. */
const DEFAULT_HEADERS_TIMEOUT_MS = 20_000
const DRIP_EVERY_MS = 100 // 10 bytes a second

let server: RunningServer

beforeAll(async () => {
  server = await startHeadlessServer(undefined, ['--request-timeout', String(REQUEST_TIMEOUT_S)])
}, 60_000)
afterAll(async () => {
  await server?.stop()
  if (server) await rm(server.dataDir, { recursive: true, force: true })
})

/**
 * A client that sends `head` at once, then `drip` one byte every 100 ms, forever; resolves with how
 * long the server let it hang on, once the server closes the connection.
 */
const slowClient = (
  head: string,
  drip: string,
  port = server.port,
  giveUpMs = CUT_WITHIN_MS * 2
): Promise<{ heldMs: number; answer: string }> =>
  new Promise((resolve) => {
    const started = performance.now()
    const socket: Socket = connect(port, '127.0.0.1')
    let answer = ''
    let i = 0
    let timer: NodeJS.Timeout | undefined
    socket.on('connect', () => {
      socket.write(head)
      timer = setInterval(() => {
        if (!socket.destroyed) socket.write(drip[i++ % drip.length] as string)
      }, DRIP_EVERY_MS)
    })
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')))
    socket.on('error', () => undefined) // a reset is one way of being cut off
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ heldMs: performance.now() - started, answer })
    })
    // the test's own safety net: a client still open long after the limit counts as not cut
    setTimeout(() => socket.destroy(), giveUpMs).unref()
  })

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

/** Ordinary requests, one after another, while `until` is pending; their durations. */
const ordinaryTraffic = async (until: Promise<unknown>) => {
  let done = false
  void until.finally(() => (done = true))
  const durations: number[] = []
  let failures = 0
  let seed = 0
  while (!done) {
    const started = performance.now()
    const answer =
      seed % 5 === 4
        ? await uploadImage(server, await noiseJpeg(5000 + seed, 64, 48), `normal-${seed}.jpg`)
        : await getBytes(server, '/sourceimages/local?limit=5')
    seed++
    if (answer.status !== 200 && answer.status !== 201) failures++
    durations.push(performance.now() - started)
  }
  return { durations, failures }
}

describe('F16: slowloris', () => {
  it(`F16: ${SLOW_CLIENTS} clients dripping 10 B/s are cut off by the server's timeouts while ordinary clients keep being served`, { timeout: 120_000 }, async () => {
    const baseline = await ordinaryTraffic(new Promise((resolve) => setTimeout(resolve, 2_000)))
    expect(baseline.failures).toBe(0)

    const host = `Host: 127.0.0.1:${server.port}\r\n`
    const boundary = 'slowloris'
    const slow = Array.from({ length: SLOW_CLIENTS }, (_, i) =>
      i % 2 === 0
        ? // headers that never end
          slowClient(`GET /sourceimages/local HTTP/1.1\r\n${host}`, 'X-Padding: slow\r\n')
        : // a complete head, then a multipart body at 10 B/s
          slowClient(
            `POST /sourceimages/local HTTP/1.1\r\n${host}api-key: ${server.apiKey}\r\n` +
              `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n` +
              `--${boundary}\r\nContent-Disposition: form-data; name="filedata"; filename="slow.jpg"\r\n` +
              'Content-Type: image/jpeg\r\n\r\n',
            '\u00ff\u00d8\u00ff\u00e0'
          )
    )
    const allCut = Promise.all(slow)
    const during = await ordinaryTraffic(allCut)
    const held = await allCut

    expect(during.failures, 'ordinary requests during the attack').toBe(0)
    expect(during.durations.length).toBeGreaterThan(0)
    for (const client of held) expect(client.heldMs).toBeLessThan(CUT_WITHIN_MS)
    // cut by the server, with a 408 where HTTP still allowed an answer
    expect(held.some((client) => client.answer.startsWith('HTTP/1.1 408'))).toBe(true)
    expect((await getBytes(server, '/sourceimages/local?limit=1')).status).toBe(200)

    expect(await server.stop()).toBe(0)
    await expectStoreInvariants(server.dataDir)
    recordFigures('F16', {
      'slow clients': SLOW_CLIENTS,
      'slow clients cut off': held.length,
      'longest hold (ms)': Math.round(Math.max(...held.map((client) => client.heldMs))),
      'request timeout (s)': REQUEST_TIMEOUT_S,
      'requests held': during.durations.length,
      'ordinary requests failed': during.failures,
      'baseline p99 (ms)': Math.round(percentile(baseline.durations, 99)),
      'p99 under attack (ms)': Math.round(percentile(during.durations, 99))
    })
  })
})

describe('F16: slow headers at the default timeouts', () => {
  it('F16: a client whose headers never end is cut after the 20 s headers timeout, not the 120 s request timeout', { timeout: 90_000 }, async () => {
    const defaults = await startHeadlessServer()
    try {
      const host = `Host: 127.0.0.1:${defaults.port}\r\n`
      const held = await Promise.all(
        Array.from({ length: 5 }, () =>
          slowClient(`GET /sourceimages/local HTTP/1.1\r\n${host}`, 'X-Padding: slow\r\n', defaults.port, 60_000)
        )
      )
      for (const client of held) {
        expect(client.heldMs).toBeGreaterThan(DEFAULT_HEADERS_TIMEOUT_MS - 1_000)
        expect(client.heldMs).toBeLessThan(DEFAULT_HEADERS_TIMEOUT_MS + 5_000)
        expect(client.answer).toMatch(/^HTTP\/1\.1 408/)
      }
    } finally {
      expect(await defaults.stop()).toBe(0)
      await rm(defaults.dataDir, { recursive: true, force: true })
    }
  })
})
