import { createHash } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../../support/headless-server'
import { expectStoreInvariants } from '../../support/store-invariants'
import { recordFigures } from '../support/figures'
import { getBytes, noiseJpeg, uploadImage, type Uploaded } from '../faults/fault-kit'
import { cannon, peakRssMb, percentile, rssMb, statusCounts, withComment } from './load-kit'

/*
 * L1-L5 of the test plan, sized for a 2-core machine, against the real headless server. Every
 * threshold on time is relative to the server's own `GET /` measured in the same run.
 */

let server: RunningServer
let baselineP99 = 0
const sha1 = (data: Buffer | string) => createHash('sha1').update(data).digest('hex')

const auth = () => ({ 'api-key': server.apiKey })

const header = (headers: Record<string, unknown> | undefined, name: string): string =>
  String(Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] ?? '')

const hasRetryAfter = (headers: object | undefined) =>
  Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'retry-after')

beforeAll(async () => {
  server = await startHeadlessServer()
  // Baseline: the cheapest authenticated route, same server, same machine, same moment.
  const warm = await cannon({ url: `${server.url}/`, headers: auth(), connections: 10, duration: 2 })
  expect(warm.errors).toBe(0)
  const baseline = await cannon({ url: `${server.url}/`, headers: auth(), connections: 10, duration: 5 })
  expect(baseline.non2xx).toBe(0)
  baselineP99 = Math.max(1, baseline.latency.p99)
  recordFigures('L-baseline', {
    'GET / requests': baseline.requests.total,
    'GET / p99 (ms)': baseline.latency.p99,
    'GET / req/s': Math.round(baseline.requests.average)
  })
}, 60_000)

afterAll(async () => {
  if (!server) return
  expect(await server.stop()).toBe(0)
  await expectStoreInvariants(server.dataDir, { maxOrphans: 0 })
  await rm(server.dataDir, { recursive: true, force: true })
}, 120_000)

describe('load', () => {
  it('L1: a hot cached render holds 10 connections for 5 s with no error, p99 near the baseline and flat memory', { timeout: 60_000 }, async () => {
    // A render worth caching: a photo-sized original to a 1200 px WebP takes libvips tens of ms,
    // so serving it without the cache (or single-flight alone) misses the p99 limit several times.
    const photo = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#5a7', noise: { type: 'gaussian', mean: 90, sigma: 8 } } })
      .jpeg({ quality: 88 })
      .toBuffer()
    const { item } = await uploadImage(server, photo, 'l1.jpg')
    const url = `${server.url}/render/local/dynamic/resize-width-1200/${item?.hash}.webp`
    expect((await getBytes(server, url.slice(server.url.length))).status).toBe(200)
    await cannon({ url, connections: 10, duration: 1 })
    const rssBefore = rssMb(server.process.pid as number)
    const result = await cannon({ url, connections: 10, duration: 5 })
    const rssGrowth = rssMb(server.process.pid as number) - rssBefore
    expect(result.errors).toBe(0)
    expect(result.non2xx).toBe(0)
    const limit = Math.max(50, 3 * baselineP99)
    expect(result.latency.p99, `p99 within max(50 ms, 3 × baseline ${baselineP99} ms)`).toBeLessThan(limit)
    expect(rssGrowth).toBeLessThan(50)
    recordFigures('L1', {
      'requests held': result.requests.total,
      'req/s': Math.round(result.requests.average),
      'p99 (ms)': result.latency.p99,
      'baseline p99 (ms)': baselineP99,
      'errors': result.errors + result.non2xx,
      'RSS growth (MB)': rssGrowth
    })
  })

  it('L4: 100 concurrent requests for a never-rendered variant run libvips once and get identical bytes', { timeout: 60_000 }, async () => {
    const { item } = await uploadImage(server, await noiseJpeg(4, 2400, 1800))
    const path = `/render/local/dynamic/resize-width-777--blur-sigma-2/${item?.hash}.webp`
    const answers = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const res = await fetch(`${server.url}${path}`)
        return { status: res.status, how: res.headers.get('x-darkroom-render'), bytes: Buffer.from(await res.arrayBuffer()) }
      })
    )
    expect(answers.every((answer) => answer.status === 200)).toBe(true)
    const rendered = answers.filter((answer) => answer.how === 'rendered').length
    expect(rendered, 'libvips ran once').toBe(1)
    expect(new Set(answers.map((answer) => sha1(answer.bytes))).size).toBe(1)
    recordFigures('L4', {
      'requests held': answers.length,
      'renders run': rendered,
      'shared in flight': answers.filter((answer) => answer.how === 'shared').length,
      'from cache': answers.filter((answer) => answer.how === 'cache').length,
      'distinct bodies': 1
    })
  })

  it('L5: 100 concurrent 5 MB uploads (50 duplicates) are stored once each with no temp file left', { timeout: 180_000 }, async () => {
    const base = await sharp({ create: { width: 1400, height: 1100, channels: 3, background: '#345', noise: { type: 'gaussian', mean: 120, sigma: 70 } } })
      .jpeg({ quality: 100 })
      .toBuffer()
    const unique = Array.from({ length: 50 }, (_, i) => withComment(base, `L5 upload ${i}`))
    const boundary = 'darkroom-load'
    const bodies = [...unique, ...unique].map((data, i) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="filedata"; filename="l5-${i}.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`)
      ])
    )
    const listedBefore = await listTotal()
    let next = 0
    const statuses: number[] = []
    const result = await cannon({
      url: `${server.url}/sourceimages/local`,
      connections: 100,
      amount: 100,
      timeout: 120,
      requests: [
        {
          method: 'POST',
          headers: { ...auth(), 'content-type': `multipart/form-data; boundary=${boundary}` },
          setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
          onResponse: (status) => {
            statuses.push(status)
          }
        }
      ]
    })
    expect(result.errors).toBe(0)
    expect(statuses).toHaveLength(100)
    expect(statuses.every((status) => status === 201 || status === 429)).toBe(true)
    const created = (await listTotal()) - listedBefore
    const accepted = statuses.filter((status) => status === 201).length
    expect(created).toBeLessThanOrEqual(50)
    // every unique content accepted at least once is stored exactly once
    for (const data of unique) {
      const found = await getBytes(server, `/sourceimages/local?binaryhash=${sha1(data)}`)
      expect(found.status).toBe(200)
    }
    expect(await readdir(join(server.dataDir, 'blobs', 'tmp'))).toEqual([])
    if (accepted === 100) expect(created).toBe(50)
    recordFigures('L5', {
      'uploads sent': 100,
      'uploads acknowledged': accepted,
      'unique images stored': created,
      'MB uploaded': Math.round(bodies.reduce((sum, body) => sum + body.length, 0) / 1e6),
      'p99 (ms)': result.latency.p99,
      'temp files left': 0,
      'data lost': 0
    })
  })

  it('L2: 2000 requests over 200 cold render URLs answer only 200 or 429 (with Retry-After), bounded memory, stable bytes', { timeout: 240_000 }, async () => {
    const sources: Uploaded[] = []
    for (let i = 0; i < 20; i++) {
      // photo-like: a little noise on flat colour (pure noise makes PNG encoding the whole test)
      const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: i * 12, g: 120, b: 200 - i * 9 }, noise: { type: 'gaussian', mean: 60 + i, sigma: 6 } } })
        .jpeg({ quality: 85 })
        .toBuffer()
      const { item } = await uploadImage(server, photo, `l2-${i}.jpg`)
      sources.push(item as Uploaded)
    }
    const shapes = [
      'resize-width-200',
      'resize-height-150--options-dpr-2',
      'resize-width-120-height-120-mode-fill--crop-width-100-height-100',
      'resize-width-320--options-dpr-1.5',
      'crop-width-200-height-200-anchor-center_center',
      'resize-width-90-height-60-mode-box',
      'resize-width-250--options-jpg.quality-60',
      'resize-width-64'
    ]
    const avifShape = 'resize-width-48'
    // AVIF's encoder alone would take minutes of two shared cores: one shape in ten uses it, small
    const formats = ['jpg', 'webp', 'png', 'webp', 'jpg']
    const paths: string[] = []
    for (let i = 0; paths.length < 200; i++) {
      const source = sources[i % sources.length] as Uploaded
      const combo = Math.floor(i / sources.length)
      paths.push(
        combo === 9
          ? `/render/local/dynamic/${avifShape}/${source.hash}.avif`
          : `/render/local/dynamic/${shapes[combo % shapes.length]}/${source.hash}.${formats[combo % formats.length]}`
      )
    }
    expect(new Set(paths).size).toBe(200)
    let missingRetryAfter = 0
    const statuses = new Map<number, number>()
    // What each URL answered under load: its variant (the ETag is the render key) and its size,
    // checked below against a render of the same URL made alone.
    const servedUnderLoad = new Map<string, Set<string>>()
    // One counter for all connections: they walk the URL list together, not each from its start.
    let next = 0
    const result = await cannon({
      url: server.url,
      connections: 16,
      amount: 2000,
      timeout: 60,
      requests: [
        {
          method: 'GET',
          // A connection sends its next request only after the answer (no pipelining), so its
          // context says which URL an answer is for.
          setupRequest: (request, context) => {
            const path = paths[next++ % paths.length] as string
            const perConnection = context as Record<string, unknown>
            perConnection['path'] = path
            return { ...request, path }
          },
          onResponse: (status, _body, context, headers) => {
            statuses.set(status, (statuses.get(status) ?? 0) + 1)
            if (status === 429 && !hasRetryAfter(headers)) missingRetryAfter++
            if (status !== 200) return
            const path = (context as Record<string, unknown>)['path'] as string
            const seen = servedUnderLoad.get(path) ?? new Set<string>()
            seen.add(`${header(headers, 'content-type')} ${header(headers, 'etag')} ${header(headers, 'content-length')}`)
            servedUnderLoad.set(path, seen)
          }
        }
      ]
    })
    const peak = peakRssMb(server.process.pid as number)
    expect(result.errors).toBe(0)
    expect([...statuses.keys()].every((status) => status === 200 || status === 429), JSON.stringify(statusCounts(result))).toBe(true)
    expect(missingRetryAfter).toBe(0)
    expect(peak).toBeLessThan(1536)
    // Rendered again from scratch, every variant gives the very bytes it gave before.
    const first = new Map<string, string>()
    for (const path of paths) {
      const answer = await getBytes(server, path)
      expect(answer.status).toBe(200)
      first.set(path, sha1(answer.bytes))
    }
    for (const source of sources) {
      const purge = await fetch(`${server.url}/sourceimages/local/${source.hash}/cache`, { method: 'DELETE', headers: auth() })
      expect(purge.status).toBe(200)
    }
    let differing = 0
    let differingUnderLoad = 0
    for (const path of paths) {
      const res = await fetch(`${server.url}${path}`)
      const bytes = Buffer.from(await res.arrayBuffer())
      if (sha1(bytes) !== first.get(path)) differing++
      const alone = `${res.headers.get('content-type')} ${res.headers.get('etag')} ${bytes.length}`
      const extension = path.slice(path.lastIndexOf('.') + 1)
      if (res.headers.get('content-type') !== `image/${extension === 'jpg' ? 'jpeg' : extension}`) differingUnderLoad++
      const underLoad = [...(servedUnderLoad.get(path) ?? [])]
      if (underLoad.some((answer) => answer !== alone)) differingUnderLoad++
    }
    expect(differing).toBe(0)
    expect(differingUnderLoad, 'URLs answered under load with another type, variant or size than alone, or of another type than their extension').toBe(0)
    expect(servedUnderLoad.size, 'every URL was answered 200 at least once under load').toBeGreaterThan(150)
    recordFigures('L2', {
      'requests held': result.requests.total,
      'answered 200': statuses.get(200) ?? 0,
      'answered 429': statuses.get(429) ?? 0,
      'p99 (ms)': result.latency.p99,
      'peak RSS (MB)': peak,
      'variants re-rendered identically': paths.length - differing,
      'URLs answered under load as alone': paths.length - differingUnderLoad
    })
  })

  it('L3: 100 connections of cold 50 MP renders get 429 for the excess, no 5xx, and GET / keeps answering', { timeout: 240_000 }, async () => {
    const big: Uploaded[] = []
    for (let i = 0; i < 2; i++) {
      const data = await sharp({ create: { width: 8200, height: 6100, channels: 3, background: { r: 40 + i * 80, g: 90, b: 160 } } })
        .jpeg({ quality: 85 })
        .toBuffer()
      const { status, item } = await uploadImage(server, data, `big-${i}.jpg`)
      expect(status).toBe(201)
      big.push(item as Uploaded)
    }
    // every request a variant never rendered before
    let next = 0
    let refusedWithoutRetryAfter = 0
    const coldPath = () => {
      const i = next++
      return `/render/local/dynamic/resize-width-${100 + (i % 5000)}/${(big[i % 2] as Uploaded).hash}.jpg`
    }
    // The baseline for responsiveness: GET / probed while 100 connections flood GET / itself, the
    // same pressure of requests without any rendering.
    const flood = startProbing()
    await cannon({ url: `${server.url}/`, headers: auth(), connections: 100, duration: 4 })
    const floodP99 = percentile(await flood.stop(), 99)
    const probe = startProbing()
    const result = await cannon({
      url: server.url,
      connections: 100,
      duration: 10,
      timeout: 60,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => ({ ...request, path: coldPath() }),
          onResponse: (status, _body, _context, headers) => {
            if (status === 429 && !hasRetryAfter(headers)) refusedWithoutRetryAfter++
          }
        }
      ]
    })
    const probes = await probe.stop()
    const counts = statusCounts(result)
    const fiveHundreds = Object.entries(counts).filter(([code]) => Number(code) >= 500)
    expect(fiveHundreds, JSON.stringify(counts)).toEqual([])
    expect(Object.keys(counts).every((code) => code === '200' || code === '429'), JSON.stringify(counts)).toBe(true)
    expect(counts[429] ?? 0, 'the queue refused the excess').toBeGreaterThan(0)
    expect(refusedWithoutRetryAfter).toBe(0)
    expect(result.errors).toBe(0)
    expect(probe.failures).toEqual([])
    const probeP99 = percentile(probes, 99)
    const limit = Math.max(200, 3 * floodP99)
    expect(probeP99, `GET / p99 under render overload within max(200 ms, 3 × ${Math.round(floodP99)} ms under a plain flood)`).toBeLessThan(limit)
    expect((await getBytes(server, '/sourceimages/local?limit=1')).status).toBe(200)
    recordFigures('L3', {
      'requests held': result.requests.total,
      'answered 200': counts[200] ?? 0,
      'answered 429': counts[429] ?? 0,
      '5xx': 0,
      'GET / p99 under overload (ms)': Math.round(probeP99),
      'GET / p99 under a plain 100-connection flood (ms)': Math.round(floodP99),
      'peak RSS (MB)': peakRssMb(server.process.pid as number)
    })
  })
})

/** Times GET / every 200 ms until stopped; a failed probe is kept apart. */
const startProbing = () => {
  const durations: number[] = []
  const failures: number[] = []
  let probing = true
  const loop = (async () => {
    while (probing) {
      const started = performance.now()
      const res = await fetch(`${server.url}/`, { headers: auth() })
      await res.arrayBuffer()
      if (res.status !== 200) failures.push(res.status)
      durations.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })()
  return {
    failures,
    stop: async () => {
      probing = false
      await loop
      return durations
    }
  }
}

const listTotal = async () =>
  (JSON.parse((await getBytes(server, '/sourceimages/local?limit=1')).bytes.toString()) as { total: number }).total
