import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../src-main/testing/test-app'
import { listenOnLoopback } from '../../../src-main/http/server'
import { expectStoreInvariants } from '../../support/store-invariants'
import { recordFigures } from '../support/figures'
import { noiseJpeg, openSocketsOfThisProcess, type Endpoint } from './fault-kit'

const HEADERS_TIMEOUT_MS = 1_500
const TOTAL_TIMEOUT_MS = 4_000
const MAX_UPLOAD_BYTES = 5_000_000
/** Well under the product's own defaults (10 s for headers, 30 s in all): the configured limits cut. */
const ANSWER_WITHIN_MS = 9_000

type Route = (req: IncomingMessage, res: ServerResponse) => void

/** A loopback web server that misbehaves in one way per path, counting its open sockets. */
const startHostileServer = async () => {
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const every = (ms: number, fn: () => void) => {
    const timer = setInterval(fn, ms)
    timers.add(timer)
    return timer
  }
  const routes: Record<string, Route> = {
    '/never-sends-headers': () => undefined,
    '/drips-1-byte-a-second': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '100000' })
      const timer = every(1_000, () => res.write(Buffer.from([0xff])))
      res.on('close', () => clearInterval(timer))
    },
    '/redirect-loop': (req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 0)
      res.writeHead(302, { location: `/redirect-loop?n=${(n + 1) % 3}` }).end()
    },
    '/huge-content-length': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(10 * 1024 ** 3) })
      res.write(Buffer.alloc(64 * 1024))
    },
    '/endless-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' })
      const chunk = Buffer.alloc(256 * 1024, 7)
      const pump = () => {
        while (res.write(chunk));
      }
      res.on('drain', pump)
      pump()
    },
    '/gzip-bomb': (_req, res) => {
      // 1 GB of zeros compresses to about 1 MB: inflated, it would be far past any limit
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-encoding': 'gzip' })
      res.end(bomb)
    },
    '/closes-mid-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(image.length) })
      res.write(image.subarray(0, Math.floor(image.length / 2)))
      setTimeout(() => res.socket?.destroy(), 100)
    }
  }
  const server: Server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname]
    if (route) route(req, res)
    else res.writeHead(404).end()
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    paths: Object.keys(routes),
    openSockets: () => sockets.size,
    close: async () => {
      for (const timer of timers) clearInterval(timer)
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

let bomb: Buffer
let image: Buffer
let hostile: Awaited<ReturnType<typeof startHostileServer>>
let t: TestApp
let darkroom: Endpoint

const waitUntil = async (check: () => boolean, ms: number) => {
  const until = Date.now() + ms
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50))
  return check()
}

beforeAll(async () => {
  bomb = gzipSync(Buffer.alloc(1024 ** 3), { level: 9 })
  image = await noiseJpeg(15, 400, 300)
  hostile = await startHostileServer()
  // The hostile server is let through by exact address and port only: a setting of the
  // services, never of the HTTP API, and the organisation's "allow local sources" stays off.
  t = await createTestApp({
    maxUploadBytes: MAX_UPLOAD_BYTES,
    remoteFetch: {
      allowedEndpoints: [{ address: '127.0.0.1', port: hostile.port }],
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      totalTimeoutMs: TOTAL_TIMEOUT_MS
    }
  })
  const port = await listenOnLoopback(t.app, 0)
  darkroom = { url: `http://127.0.0.1:${port}`, apiKey: t.apiKey }
}, 60_000)

afterAll(async () => {
  await hostile?.close()
  await t?.close()
})

const importUrl = async (url: string) => {
  const form = new FormData()
  form.append('url[0]', url)
  const started = performance.now()
  const res = await fetch(`${darkroom.url}/sourceimages/local`, {
    method: 'POST',
    headers: { 'api-key': darkroom.apiKey, connection: 'close' },
    body: form
  })
  const body = (await res.json()) as { reason?: string; message?: string }
  return { status: res.status, body, ms: performance.now() - started }
}

describe('F15: hostile remote servers for upload by URL', () => {
  it('F15: every misbehaving server is cut off within the configured limits, nothing is stored, no socket is left open', { timeout: 60_000 }, async () => {
    const baseline = openSocketsOfThisProcess()
    const results = await Promise.all(
      hostile.paths.map(async (path) => ({ path, ...(await importUrl(`http://127.0.0.1:${hostile.port}${path}`)) }))
    )
    const byPath = Object.fromEntries(results.map((result) => [result.path, result]))
    for (const result of results) {
      expect([400, 413], `${result.path}: ${JSON.stringify(result.body)}`).toContain(result.status)
      expect(result.ms, `${result.path} answered within the configured limits`).toBeLessThan(ANSWER_WITHIN_MS)
    }
    // cut by the headers timeout, not left to the total one
    expect(byPath['/never-sends-headers']?.body.message).toMatch(/did not answer within 1\.5 s/)
    expect(byPath['/never-sends-headers']?.ms).toBeLessThan(TOTAL_TIMEOUT_MS)
    expect(byPath['/drips-1-byte-a-second']?.body.message).toMatch(/took longer than/)
    expect(byPath['/redirect-loop']?.body.message).toMatch(/too many redirects/)
    expect(byPath['/huge-content-length']?.status).toBe(413)
    expect(byPath['/endless-body']?.status).toBe(413)
    expect(byPath['/gzip-bomb']?.body.reason).not.toBe('internal')
    expect(byPath['/closes-mid-body']?.body.message).toMatch(/closed before the whole image arrived/)

    const listed = (await (
      await fetch(`${darkroom.url}/sourceimages/local`, { headers: { 'api-key': darkroom.apiKey } })
    ).json()) as { total: number }
    expect(listed.total).toBe(0)
    expect(await readdir(join(t.dataDir, 'blobs', 'tmp'))).toEqual([])
    expect(await waitUntil(() => hostile.openSockets() === 0, 10_000), 'the hostile server holds no socket').toBe(true)
    expect(await waitUntil(() => openSocketsOfThisProcess() <= baseline, 10_000), 'sockets back to baseline').toBe(true)
    await expectStoreInvariants(t.dataDir)

    // and an honest import still works afterwards
    expect((await fetch(`${darkroom.url}/`)).status).toBeLessThan(500)
    recordFigures('F15', {
      'faults injected': results.length,
      'slowest answer (ms)': Math.round(Math.max(...results.map((result) => result.ms))),
      'headers timeout (ms)': HEADERS_TIMEOUT_MS,
      'total timeout (ms)': TOTAL_TIMEOUT_MS,
      'images stored': 0,
      'sockets left open': 0
    })
  })
})
