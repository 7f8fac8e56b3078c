import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import sharp from 'sharp'
import type { DarkroomHealth } from '../../../src-shared/api/health'

export const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex')

/** A JPEG of noise: every seed gives other bytes, so every upload is a new object. */
export const noiseJpeg = (seed: number, width = 320, height = 240): Promise<Buffer> =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 37) % 256, g: (seed * 11) % 256, b: 100 },
      noise: { type: 'gaussian', mean: (seed * 13) % 255, sigma: 50 }
    }
  })
    .jpeg({ quality: 90 })
    .toBuffer()

export interface Uploaded {
  hash: string
  binary_hash: string
}

/** Where a fault test sends requests: a server URL and its admin key. */
export interface Endpoint {
  url: string
  apiKey: string
}

/** `POST /sourceimages/local` with one file; the status and the parsed body. */
export const uploadImage = async (server: Endpoint, data: Buffer, name = 'image.jpg') => {
  const form = new FormData()
  form.append('filedata', new Blob([data], { type: 'image/jpeg' }), name)
  const res = await fetch(`${server.url}/sourceimages/local`, {
    method: 'POST',
    headers: { 'api-key': server.apiKey },
    body: form
  })
  const body = (await res.json()) as { items?: Uploaded[]; code?: number; message?: string; reason?: string }
  return { status: res.status, body, item: body.items?.[0] }
}

/** A GET with the admin key; the whole body as bytes. */
export const getBytes = async (server: Endpoint, path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { 'api-key': server.apiKey } })
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: Buffer.from(await res.arrayBuffer()) }
}

/** `GET /_darkroom/health` with the admin key. */
export const getHealth = async (server: Endpoint): Promise<DarkroomHealth> => {
  const res = await fetch(`${server.url}/_darkroom/health`, { headers: { 'api-key': server.apiKey } })
  if (res.status !== 200) throw new Error(`GET /_darkroom/health answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as DarkroomHealth
}

/** Polls the health endpoint until `done` holds; throws with the last answer after `timeoutMs`. */
export const waitForHealth = async (
  server: Endpoint,
  done: (health: DarkroomHealth) => boolean,
  timeoutMs = 20_000
): Promise<DarkroomHealth> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const health = await getHealth(server)
    if (done(health)) return health
    if (Date.now() > deadline) throw new Error(`health never got there:\n${JSON.stringify(health, null, 2)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Server flags that make the background scrub re-hash every original about ten times a second. */
export const FAST_SCRUB_FLAGS = ['--scrub-percent-per-day', '1000000000', '--scrub-tick', '0.1']

/**
 * Waits until the scrub has completed two more passes: the second of them began after the
 * caller's change, so it re-hashed every original as it is now.
 */
export const waitForFreshScrub = async (server: Endpoint): Promise<DarkroomHealth> => {
  const start = (await getHealth(server)).scrub.passes
  return waitForHealth(server, (health) => health.scrub.passes >= start + 2)
}

/** Runs `npm run verify`'s program on a data folder and parses its JSON report. */
export const runVerify = async (dataDir: string) => {
  const result = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src-main/verify.ts', '--data-dir', dataDir, '--json'],
    { maxBuffer: 64 * 1024 * 1024 }
  ).then(
    (out) => ({ code: 0, stdout: out.stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout })
  )
  return {
    code: result.code,
    report: JSON.parse(result.stdout) as {
      objects: number
      objectsHashed: number
      corrupt: { blobHash: string; images: { hash: string }[] }[]
      missing: { blobHash: string; images: { hash: string }[] }[]
      problems: number
      integrity: string
    }
  }
}

/** Client TCP sockets this process holds open (fetch keeps some alive). */
export const openSocketsOfThisProcess = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length

export { makeReadOnly, mountSmallDisk, mountsAllowed, unmount } from '../../support/mounts'
