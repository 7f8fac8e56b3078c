import type { LookupAddress } from 'node:dns'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isIP, type AddressInfo, type LookupFunction } from 'node:net'
import type { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isAppError, type AppError } from '../errors'
import { fileNameFromUrl } from './remote-file-name'
import { openRemoteImage, type RemoteFetchOptions } from './remote-fetch'

type Route = (req: IncomingMessage, res: ServerResponse) => void

interface Fixture {
  server: Server
  port: number
  /** TCP connections accepted since the last reset: the proof that a refusal happened first. */
  connections: number
  requests: IncomingMessage[]
  routes: Map<string, Route>
}

const startFixture = async (): Promise<Fixture> => {
  const fixture: Fixture = {
    server: createServer(),
    port: 0,
    connections: 0,
    requests: [],
    routes: new Map()
  }
  fixture.server.on('connection', () => {
    fixture.connections += 1
  })
  fixture.server.on('request', (req, res) => {
    fixture.requests.push(req)
    const route = fixture.routes.get(new URL(req.url ?? '/', 'http://fixture').pathname)
    if (route) route(req, res)
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => fixture.server.listen(0, '127.0.0.1', resolve))
  fixture.port = (fixture.server.address() as AddressInfo).port
  return fixture
}

const openConnections = (server: Server) =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count)))
  )

const clientSockets = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length

const waitFor = async (check: () => Promise<boolean> | boolean, ms = 2_000) => {
  const until = Date.now() + ms
  while (!(await check()) && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
}

/** Resolves names from a table only: no test ever asks a real DNS server. */
const fakeLookup =
  (resolveName: (hostname: string) => string | undefined): LookupFunction =>
  (hostname, options, callback) => {
    const address = resolveName(hostname)
    process.nextTick(() => {
      if (address === undefined) {
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: 'ENOTFOUND'
        })
        callback(error, options.all ? [] : '', 0)
      } else if (options.all) {
        const answers: LookupAddress[] = [{ address, family: isIP(address) }]
        callback(null, answers)
      } else {
        callback(null, address, isIP(address))
      }
    })
  }

const failureOf = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason
  )
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

const readAll = async (body: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const bodyFailure = async (url: string, options: RemoteFetchOptions) => {
  const image = await openRemoteImage(url, options)
  return failureOf(readAll(image.body))
}

let main: Fixture
let target: Fixture
let png: Buffer
let baselineSockets: number
const pending = new Set<NodeJS.Timeout>()

beforeAll(async () => {
  png = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#c03' } })
    .png()
    .toBuffer()
  main = await startFixture()
  target = await startFixture()
  baselineSockets = clientSockets()
  for (const fixture of [main, target]) {
    fixture.routes.set('/image.png', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png)
    })
  }
  const routes = main.routes
  routes.set('/missing', (_req, res) => res.writeHead(404).end('no'))
  routes.set('/start', (_req, res) => res.writeHead(302, { location: 'image.png' }).end())
  routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end())
  routes.set('/to-loopback', (_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${target.port}/image.png` }).end()
  })
  routes.set('/to-internal', (_req, res) => {
    res.writeHead(302, { location: `http://internal.test:${target.port}/image.png` }).end()
  })
  routes.set('/hang', () => undefined)
  routes.set('/drip', (_req, res) => {
    res.writeHead(200, { 'content-length': 100 })
    const timer = setInterval(() => res.write('x'), 1_000)
    pending.add(timer)
    res.on('close', () => clearInterval(timer))
  })
  routes.set('/ten-gigabytes', (_req, res) => {
    res.writeHead(200, { 'content-length': '10000000000' })
    res.write(Buffer.alloc(1_024))
  })
  routes.set('/endless', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' })
    const chunk = Buffer.alloc(64 * 1_024, 1)
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
    }
    res.on('drain', pump)
    pump()
  })
  routes.set('/cut', (_req, res) => {
    res.writeHead(200, { 'content-length': 1_000 })
    res.write(Buffer.alloc(500), () => res.socket?.destroy())
  })
  routes.set('/cut-chunked', (_req, res) => {
    res.writeHead(200)
    res.write(Buffer.alloc(500), () => res.socket?.destroy())
  })
  routes.set('/bomb.png', (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': gzipBomb.length })
    res.end(gzipBomb)
  })
})

const gzipBomb = gzipSync(Buffer.alloc(20_000_000))

beforeEach(() => {
  for (const fixture of [main, target]) {
    fixture.connections = 0
    fixture.requests = []
  }
})

afterEach(async () => {
  for (const timer of pending) clearInterval(timer)
  pending.clear()
  const settled = async () =>
    (await openConnections(main.server)) === 0 &&
    (await openConnections(target.server)) === 0 &&
    clientSockets() === baselineSockets
  await waitFor(settled)
  const left = {
    main: await openConnections(main.server),
    target: await openConnections(target.server),
    client: clientSockets() - baselineSockets
  }
  // A leak fails this test only, not every later one.
  main.server.closeAllConnections()
  target.server.closeAllConnections()
  expect(left).toEqual({ main: 0, target: 0, client: 0 })
})

afterAll(async () => {
  for (const fixture of [main, target]) {
    fixture.server.closeAllConnections()
    await new Promise((resolve) => fixture.server.close(resolve))
  }
})

describe('openRemoteImage refuses before connecting (B27, S9)', () => {
  const loopback = 'points back to this computer'
  const cases: Array<[string, () => string, string]> = [
    ['own port', () => `http://127.0.0.1:${main.port}/image.png`, 'is Darkroom itself'],
    ['localhost.', () => `http://localhost.:${main.port}/image.png`, `localhost. ${loopback}`],
    ['127.1', () => `http://127.1:${main.port}/image.png`, `127.0.0.1 ${loopback}`],
    ['2130706433', () => `http://2130706433:${main.port}/image.png`, `127.0.0.1 ${loopback}`],
    ['0x7f.0.0.1', () => `http://0x7f.0.0.1:${main.port}/image.png`, `127.0.0.1 ${loopback}`],
    ['[::1]', () => `http://[::1]:${main.port}/image.png`, `::1 ${loopback}`],
    [
      '[::ffff:127.0.0.1]',
      () => `http://[::ffff:127.0.0.1]:${main.port}/image.png`,
      `(127.0.0.1) ${loopback}`
    ],
    [
      '[64:ff9b::7f00:1]',
      () => `http://[64:ff9b::7f00:1]:${main.port}/image.png`,
      `(127.0.0.1) ${loopback}`
    ],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['100.64.0.1 (CGNAT)', () => 'http://100.64.0.1/a.png', '100.64.0.1 is on a private network'],
    ['10.0.0.1', () => 'http://10.0.0.1/a.png', '10.0.0.1 is on a private network'],
    ['0.0.0.0', () => `http://0.0.0.0:${main.port}/image.png`, 'does not name a single computer'],
    ['a name resolving to 127.0.0.1', () => `http://internal.test:${main.port}/a`, loopback],
    [
      'file:',
      () => 'file:///etc/passwd',
      'only http and https addresses can be imported, not file'
    ],
    ['ftp:', () => `ftp://127.0.0.1:${main.port}/a.png`, 'not ftp'],
    ['gopher:', () => `gopher://127.0.0.1:${main.port}/_a`, 'not gopher'],
    ['data:', () => 'data:image/png;base64,iVBORw0KGgo=', 'not data'],
    ['user@host', () => `http://user@127.0.0.1:${main.port}/image.png`, 'a user name or password']
  ]

  it.each(cases)('%s', async (name, urlOf, message) => {
    const url = urlOf()
    const lookup = fakeLookup((host) => (host === 'internal.test' ? '127.0.0.1' : undefined))
    const blockedPorts = name === 'own port' ? [main.port] : []
    const error = await failureOf(openRemoteImage(url, { lookup, blockedPorts }))
    expect(error.status).toBe(400)
    expect(error.code).toBe('remote_fetch_failed')
    const shown = url.replace('user@', '')
    expect(error.message).toContain(`Could not import ${shown}: `)
    expect(error.message).toContain(message)
    expect(main.connections).toBe(0)
  })

  it('never repeats a password from the URL in its message', async () => {
    const error = await failureOf(openRemoteImage('http://user:hunter2@example.com/a.png'))
    expect(error.message).not.toContain('hunter2')
    expect(error.message).toContain('a user name or password')
  })

  it('checks the address actually connected to, so DNS rebinding is refused', async () => {
    let calls = 0
    // 127.0.0.2 (allowed below) stands in for the public first answer, so that even a broken
    // implementation sends nothing off this machine.
    const lookup = fakeLookup(() => ((calls += 1) === 1 ? '127.0.0.2' : '127.0.0.1'))
    const error = await failureOf(
      openRemoteImage(`http://rebind.test:${main.port}/image.png`, {
        lookup,
        allowedEndpoints: [{ address: '127.0.0.2', port: main.port }]
      })
    )
    expect(error.message).toContain(`127.0.0.1 ${loopback}`)
    expect(calls).toBe(2)
    expect(main.connections).toBe(0)
  })
})

describe('openRemoteImage with "allow local sources" on', () => {
  it('downloads from a loopback server', async () => {
    const image = await openRemoteImage(`http://127.0.0.1:${main.port}/image.png`, {
      allowPrivateAddresses: true
    })
    expect(await readAll(image.body)).toEqual(png)
    expect(image.finalUrl).toBe(`http://127.0.0.1:${main.port}/image.png`)
    expect(image.fileName).toBe('image.png')
    expect(image.contentLength).toBe(png.length)
    expect(image.contentType).toBe('image/png')
    expect(main.connections).toBe(1)
  })

  it.each([
    ['the own port', () => `http://127.0.0.1:${main.port}/image.png`, 'is Darkroom itself'],
    ['localhost on the own port', () => `http://localhost:${main.port}/`, 'is Darkroom itself'],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['mapped 169.254.169.254', () => 'http://[::ffff:169.254.169.254]/', 'link-local'],
    ['NAT64 169.254.169.254', () => 'http://[64:ff9b::a9fe:a9fe]/', 'link-local'],
    ['0.0.0.0', () => 'http://0.0.0.0/image.png', 'does not name a single computer']
  ])('still refuses %s', async (_name, urlOf, message) => {
    const lookup = fakeLookup((host) => (host === 'localhost' ? '127.0.0.1' : undefined))
    const error = await failureOf(
      openRemoteImage(urlOf(), { allowPrivateAddresses: true, blockedPorts: [main.port], lookup })
    )
    expect(error.message).toContain(message)
    expect(main.connections).toBe(0)
  })
})

describe('openRemoteImage redirects', () => {
  // images.example.test plays a public server: it is the one endpoint allowed on loopback.
  const publicLooking = () => ({
    lookup: fakeLookup((host) =>
      host === 'images.example.test' || host === 'internal.test' ? '127.0.0.1' : undefined
    ),
    allowedEndpoints: [{ address: '127.0.0.1', port: main.port }]
  })

  it('follows a relative Location and names the file after the final URL', async () => {
    const image = await openRemoteImage(
      `http://images.example.test:${main.port}/start`,
      publicLooking()
    )
    expect(await readAll(image.body)).toEqual(png)
    expect(image.finalUrl).toBe(`http://images.example.test:${main.port}/image.png`)
    expect(image.fileName).toBe('image.png')
  })

  it.each([
    ['a loopback literal', '/to-loopback', `127.0.0.1 points back to this computer`],
    ['a name resolving to loopback', '/to-internal', 'points back to this computer']
  ])('refuses a redirect to %s', async (_name, path, message) => {
    const url = `http://images.example.test:${main.port}${path}`
    const error = await failureOf(openRemoteImage(url, publicLooking()))
    expect(error.message).toContain(`Could not import ${url}: `)
    expect(error.message).toContain(message)
    expect(error.message).toContain(`redirected to http://`)
    expect(main.requests.map((req) => req.url)).toEqual([path])
    expect(target.connections).toBe(0)
  })

  it('stops a redirect loop at the limit', async () => {
    const url = `http://127.0.0.1:${main.port}/loop`
    const error = await failureOf(
      openRemoteImage(url, { allowPrivateAddresses: true, maxRedirects: 3 })
    )
    expect(error.message).toBe(`Could not import ${url}: too many redirects (more than 3).`)
    expect(main.requests).toHaveLength(4)
  })
})

describe('openRemoteImage faults (F15)', () => {
  const local = (path: string) => `http://127.0.0.1:${main.port}${path}`
  const allow: RemoteFetchOptions = { allowPrivateAddresses: true }

  it('reports the status of a non-2xx answer', async () => {
    const error = await failureOf(openRemoteImage(local('/missing'), allow))
    expect(error.status).toBe(400)
    expect(error.message).toBe(`Could not import ${local('/missing')}: the server answered 404.`)
  })

  it('gives up on a server that never sends headers', async () => {
    const started = Date.now()
    const error = await failureOf(
      openRemoteImage(local('/hang'), { ...allow, headersTimeoutMs: 300 })
    )
    expect(error.message).toContain('the server did not answer within 300 ms')
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('stops a 1 byte/s drip at the total timeout', async () => {
    const started = Date.now()
    const error = await bodyFailure(local('/drip'), { ...allow, totalTimeoutMs: 1_500 })
    expect(error.message).toContain('the download took longer than 1.5 s')
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400)
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('refuses a declared 10 GB body before reading it', async () => {
    const error = await failureOf(
      openRemoteImage(local('/ten-gigabytes'), { ...allow, maxBytes: 1_000_000 })
    )
    expect(error.status).toBe(413)
    expect(error.code).toBe('payload_too_large')
  })

  it('aborts an undeclared body once it passes maxBytes', async () => {
    const maxBytes = 200_000
    const image = await openRemoteImage(local('/endless'), { ...allow, maxBytes })
    let delivered = 0
    image.body.on('data', (chunk: Buffer) => {
      delivered += chunk.length
    })
    const error = await failureOf(
      new Promise((resolve, reject) => {
        image.body.on('error', reject)
        image.body.on('end', resolve)
      })
    )
    expect(error.status).toBe(413)
    expect(delivered).toBeLessThanOrEqual(maxBytes)
  })

  it.each(['/cut', '/cut-chunked'])('fails, not truncates, when %s closes mid-body', async (p) => {
    const error = await bodyFailure(local(p), allow)
    expect(error.message).toContain('the connection closed before the whole image arrived')
  })

  it('asks for identity and never inflates a gzip bomb', async () => {
    const image = await openRemoteImage(local('/bomb.png'), { ...allow, maxBytes: 1_000_000 })
    expect(await readAll(image.body)).toEqual(gzipBomb)
    expect(main.requests[0]?.headers['accept-encoding']).toBe('identity')
  })

  it('counts compressed bytes against maxBytes', async () => {
    const error = await failureOf(
      openRemoteImage(local('/bomb.png'), { ...allow, maxBytes: gzipBomb.length - 1 })
    )
    expect(error.status).toBe(413)
  })

  it('stops when the caller cancels', async () => {
    const controller = new AbortController()
    const opening = openRemoteImage(local('/hang'), { ...allow, signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    const error = await failureOf(opening)
    expect(error.message).toContain('the import was cancelled')
  })
})

describe('fileNameFromUrl', () => {
  it.each([
    ['http://a.test/photos/cat%20one.jpg?x=1', 'cat one.jpg'],
    ['http://a.test/x/..%2F..%2Fetc%2Fpasswd', '_.._etc_passwd'],
    ['http://a.test/.hidden.png', 'hidden.png'],
    ['http://a.test/', 'remote-image'],
    ['http://a.test/%00%01', 'remote-image']
  ])('%s → %s', (url, expected) => {
    expect(fileNameFromUrl(new URL(url))).toBe(expected)
  })
})
