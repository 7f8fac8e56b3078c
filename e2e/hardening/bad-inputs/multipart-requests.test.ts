import { connect } from 'node:net'
import { request as httpRequest } from 'node:http'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { useInProcessTarget } from '../support/target-server'
import { multipart } from '../support/multipart'
import { recordFigures } from '../support/figures'

const LIMIT = 2 * 1000 * 1000
const target = useInProcessTarget({ maxUploadBytes: LIMIT })

const png = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#405060' } }).png().toBuffer()

const tempFiles = async () => (await readdir(join(target.dataDir, 'blobs', 'tmp'))).length
const total = async () =>
  (await target.send('/sourceimages/local?limit=1000', { headers: { 'api-key': target.apiKey } })).json<{ total: number }>().total

const post = (body: Buffer, contentType: string) =>
  target.send('/sourceimages/local', { method: 'POST', body, headers: { 'api-key': target.apiKey, 'content-type': contentType } })

/** Writes raw bytes on one socket; resolves with everything the server sent until it closed. */
const rawExchange = (bytes: Buffer[], deadlineMs = 20_000): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(target.port, '127.0.0.1')
    let received = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve(received)
    }, deadlineMs)
    socket.on('data', (chunk) => (received += chunk.toString('latin1')))
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)))
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(received)
    })
    socket.on('connect', () => {
      for (const chunk of bytes) if (!socket.destroyed) socket.write(chunk)
    })
  })

describe('malformed multipart requests (test plan 5.3)', () => {
  it('B23: missing or wrong boundary, 1000 file parts, 10,000 fields, a 100 KB part header, a part without file name, duplicated filedata', async () => {
    const image = await png()
    const before = await total()
    const statuses: Record<string, number> = {}
    const expectStatus = async (label: string, answer: Promise<{ status: number; text(): string }>, allowed: number[]) => {
      const result = await answer
      expect(allowed, `${label}: ${result.text()}`).toContain(result.status)
      if (result.status !== 201) expect(result.text()).toMatch(/"message":"[^"]+/)
      statuses[label] = result.status
    }
    const good = multipart([{ name: 'filedata', filename: 'a.png', data: image }])
    await expectStatus('missing boundary', post(good.body, 'multipart/form-data'), [400])
    await expectStatus('wrong boundary', post(good.body, 'multipart/form-data; boundary=not-the-one'), [400])
    const thousandFiles = multipart(Array.from({ length: 1000 }, (_, i) => ({ name: 'filedata', filename: `${i}.png`, data: image })))
    await expectStatus('1000 file parts', post(thousandFiles.body, thousandFiles.contentType), [413])
    const fields = multipart([
      ...Array.from({ length: 10_000 }, (_, i) => ({ name: `meta_user[0]`, value: `{"n":${i}}` })),
      { name: 'filedata', filename: 'a.png', data: image }
    ])
    await expectStatus('10000 fields', post(fields.body, fields.contentType), [413])
    const bigHeader = multipart([
      { name: 'filedata', data: image, rawHeaders: `Content-Disposition: form-data; name="filedata"; filename="a.png"\r\nX-Padding: ${'p'.repeat(100 * 1024)}` }
    ])
    // busboy keeps a bounded part of an over-long part header; the part is then an ordinary file
    await expectStatus('100 KB part header', post(bigHeader.body, bigHeader.contentType), [201, 400, 413])
    const noName = multipart([{ name: 'filedata', data: image, rawHeaders: 'Content-Disposition: form-data; name="filedata"\r\nContent-Type: image/png' }])
    await expectStatus('part without file name', post(noName.body, noName.contentType), [400])
    expect(await total()).toBe(before + (statuses['100 KB part header'] === 201 ? 1 : 0))
    expect(await tempFiles()).toBe(0)
    // Two filedata parts are two images, as rokka takes them.
    const second = await sharp(image).flop().png({ compressionLevel: 1 }).toBuffer()
    const duplicated = multipart([
      { name: 'filedata', filename: 'a.png', data: image },
      { name: 'filedata', filename: 'b.png', data: second }
    ])
    const both = await post(duplicated.body, duplicated.contentType)
    expect(both.status).toBe(201)
    expect(both.json<{ total: number }>().total).toBe(2)
    // a request header of 100 KB is cut off by Node's header limit, not by a crash
    const hugeHeader = await target.send('/sourceimages/local', {
      method: 'POST',
      headers: { 'api-key': target.apiKey, 'x-padding': 'h'.repeat(100 * 1024), 'content-type': good.contentType },
      body: good.body
    })
    expect(hugeHeader.status).toBe(431)
    statuses['100 KB request header'] = hugeHeader.status
    expect(await target.isAlive()).toBe(true)
    recordFigures('B23', { ...statuses, tempFilesLeft: await tempFiles() })
  })

  it('B24: meta_user[0] not JSON, 10 MB of JSON, 100,000-deep nested array → 400/413 without blocking the event loop', async () => {
    const image = await png()
    const cases: [string, string, number][] = [
      ['invalid JSON', '{"a":', 400],
      // refused from its Content-Length, over the whole upload's limit, before any field is read
      ['10 MB JSON', JSON.stringify({ a: 'x'.repeat(10 * 1024 * 1024) }), 413],
      // within the upload's limit, so only the 1 MB field limit refuses it
      ['1.5 MB JSON', JSON.stringify({ a: 'x'.repeat(1536 * 1024) }), 413],
      ['100k-deep array', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400]
    ]
    const figures: Record<string, number> = {}
    for (const [label, value, status] of cases) {
      const body = multipart([
        { name: 'meta_user[0]', value },
        { name: 'filedata', filename: 'a.png', data: image }
      ])
      const delay = monitorEventLoopDelay({ resolution: 10 })
      delay.enable()
      const answer = await post(body.body, body.contentType)
      delay.disable()
      expect(answer.status, `${label}: ${answer.text()}`).toBe(status)
      if (label === '1.5 MB JSON') expect(answer.json().message).toMatch(/meta_user\[0\] is larger than 1 MB/)
      const blockedMs = delay.max / 1e6
      // the server runs in this process: its longest event-loop stall, with a generous ceiling
      expect(blockedMs).toBeLessThan(1_000)
      figures[`${label} status`] = answer.status
      figures[`${label} longest stall ms`] = Math.round(blockedMs)
    }
    expect(await target.isAlive()).toBe(true)
    recordFigures('B24', figures)
  })

  it('B25: Content-Length saying 1 KB while 20 MB follow, and saying 1 GB while 1 KB arrives → refused, nothing stored', async () => {
    const before = await total()
    const { contentType } = multipart([{ name: 'filedata', filename: 'a.png', data: Buffer.alloc(1) }])
    const head = (length: number) =>
      Buffer.from(`POST /sourceimages/local HTTP/1.1\r\nHost: 127.0.0.1:${target.port}\r\nApi-Key: ${target.apiKey}\r\nContent-Type: ${contentType}\r\nContent-Length: ${length}\r\n\r\n`)
    const short = await rawExchange([head(1024), ...Array.from({ length: 320 }, () => Buffer.alloc(64 * 1024, 0x41))])
    expect(short).toMatch(/^HTTP\/1\.1 4\d\d /)
    const started = performance.now()
    const long = await rawExchange([head(1_000_000_000), Buffer.alloc(1024, 0x42)], 30_000)
    const longMs = performance.now() - started
    expect(long).toMatch(/^HTTP\/1\.1 413 /)
    expect(longMs).toBeLessThan(20_000)
    expect(await total()).toBe(before)
    expect(await tempFiles()).toBe(0)
    expect(await target.isAlive()).toBe(true)
    recordFigures('B25', {
      declaredSmallStatus: Number(short.slice(9, 12)),
      declaredHugeStatus: Number(long.slice(9, 12)),
      declaredHugeAnsweredMs: Math.round(longMs)
    })
  })

  it('B26: a streamed upload over the limit gets 413 as soon as the limit is crossed, and the connection is closed', async () => {
    const before = await total()
    const boundary = 'b26boundary'
    const chunk = Buffer.alloc(64 * 1024, 0x43)
    const outcome = await new Promise<{ status: number; sentAtAnswer: number; body: string }>((resolve, reject) => {
      let sent = 0
      let answered = false
      const req = httpRequest({
        host: '127.0.0.1',
        port: target.port,
        method: 'POST',
        path: '/sourceimages/local',
        agent: false,
        headers: { 'api-key': target.apiKey, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' }
      })
      req.on('response', (res) => {
        answered = true
        const sentAtAnswer = sent
        let body = ''
        res.on('data', (c: Buffer) => (body += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, sentAtAnswer, body }))
        res.on('error', () => resolve({ status: res.statusCode ?? 0, sentAtAnswer, body }))
      })
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (!answered) reject(error)
      })
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="filedata"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`)
      const pump = () => {
        // up to 200 MB; the server must answer long before
        while (!answered && sent < 200 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        if (!answered && !req.destroyed) req.end(`\r\n--${boundary}--\r\n`)
      }
      pump()
    })
    expect(outcome.status, outcome.body).toBe(413)
    expect(outcome.body).toMatch(/larger than the limit of 2 MB/)
    // answered near the limit, not after reading everything (socket buffers allow some slack)
    expect(outcome.sentAtAnswer).toBeLessThan(50 * 1024 * 1024)
    expect(await total()).toBe(before)
    expect(await tempFiles()).toBe(0)
    expect(await target.isAlive()).toBe(true)
    recordFigures('B26', { status: outcome.status, limitBytes: LIMIT, bytesSentBeforeAnswer: outcome.sentAtAnswer })
  })
})
