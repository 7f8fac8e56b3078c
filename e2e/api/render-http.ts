import {
  request as httpRequest,
  createServer,
  type IncomingHttpHeaders,
  type Server
} from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import type { SourceImage } from '../../src-shared/api/sourceimages'
import type { ApiServer, RokkaClient } from './server'

/** A stack operation as rokka.js's stack and render APIs take it. */
export interface Operation {
  name: string
  options: Record<string, string | number | boolean>
  expressions?: Record<string, string>
}

/** A resize to `width` alone (rokka.js's `operations.resize` types want both sides). */
export const resizeTo = (width: number, options: Operation['options'] = {}): Operation => ({
  name: 'resize',
  options: { width, ...options }
})

/** A render answer: status, headers (lowercase names) and the body bytes. */
export interface Rendered {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** What sharp reads from a rendered image. */
export interface ImageFacts {
  format: string | undefined
  width: number | undefined
  /** The height of one frame for animations. */
  height: number | undefined
  pages: number
  hasAlpha: boolean
}

/** The render host template rokka.js gets: path-addressed organizations on the real server. */
export const pathRenderHost = (server: ApiServer): string => `${server.url}/render/{organization}`

/** The owner's client, building render URLs for this server. */
export const renderClient = (server: ApiServer): RokkaClient =>
  server.clientFor(server.credentials.api_key, { renderHost: pathRenderHost(server) })

/**
 * GETs an absolute URL from the server with node's http module. A `*.localhost` host (rokka's
 * host-based render URLs) is sent to 127.0.0.1 on the server's port, with that name in `Host`:
 * traffic never leaves loopback.
 */
export const get = (
  server: ApiServer,
  url: string,
  headers: Record<string, string> = {}
): Promise<Rendered> => {
  const target = new URL(url)
  const byHost = target.hostname.endsWith('.localhost')
  if (!byHost && target.hostname !== '127.0.0.1') throw new Error(`not a loopback URL: ${url}`)
  const port = byHost ? server.port : Number(target.port)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: `${target.pathname}${target.search}`,
        method: 'GET',
        headers: { host: `${target.hostname}:${port}`, accept: '*/*', ...headers }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks)
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end()
  })
}

/** sharp's view of an image (all frames, so `pages` counts animation frames). */
export const facts = async (body: Buffer): Promise<ImageFacts> => {
  const meta = await sharp(body, { animated: true }).metadata()
  return {
    format: meta.format,
    width: meta.width,
    height: meta.pageHeight ?? meta.height,
    pages: meta.pages ?? 1,
    hasAlpha: meta.hasAlpha
  }
}

/** The JSON error body of a failed render. */
export const errorOf = (rendered: Rendered): { code: number; message: string } =>
  JSON.parse(rendered.body.toString('utf8')) as { code: number; message: string }

/** Whether a still WebP is lossless (a `VP8L` bitstream chunk) rather than lossy (`VP8 `). */
export const isLosslessWebp = (body: Buffer): boolean => {
  if (body.toString('latin1', 0, 4) !== 'RIFF' || body.toString('latin1', 8, 12) !== 'WEBP') {
    throw new Error('not a WebP file')
  }
  for (let at = 12; at + 8 <= body.length;) {
    const chunk = body.toString('latin1', at, at + 4)
    if (chunk === 'VP8L') return true
    if (chunk === 'VP8 ') return false
    const size = body.readUInt32LE(at + 4)
    at += 8 + size + (size % 2)
  }
  throw new Error('a WebP file without an image chunk')
}

/** Uploads through the official client and returns the source image. */
/** Creates a stack with the owner's client; it must not exist yet (201). */
export const createStack = async (
  server: ApiServer,
  name: string,
  config: Parameters<RokkaClient['stacks']['create']>[2]
): Promise<void> => {
  const res = await server.client.stacks.create(server.org, name, config)
  if (res.statusCode !== 201) throw new Error(`stack ${name}: expected 201, got ${res.statusCode}`)
}

export const upload = async (
  client: RokkaClient,
  org: string,
  name: string,
  bytes: Buffer
): Promise<SourceImage> => {
  const res = await client.sourceimages.create(org, name, bytes)
  return res.body.items[0] as SourceImage
}

/** A loopback HTTP server answering every path with one image; counts and records requests. */
export interface FixtureServer {
  url: string
  requests: string[]
  close: () => Promise<void>
}

export const startFixtureServer = async (
  image: Buffer,
  mimetype: string
): Promise<FixtureServer> => {
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '')
    if ((request.url ?? '').includes('missing')) {
      response.writeHead(404, { 'content-type': 'text/plain' })
      response.end('not here')
      return
    }
    response.writeHead(200, { 'content-type': mimetype, 'content-length': image.length })
    response.end(image)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
