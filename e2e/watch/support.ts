import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import type { WatchedFolder } from '../../src-shared/api/watched-folders'
import type { RunningServer } from '../support/headless-server'

export const sha1 = (data: Buffer): string => createHash('sha1').update(data).digest('hex')

/** A temporary folder, removed by `cleanup`. */
export const tempDir = async (dirs: string[], prefix = 'darkroom-watch-'): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}

export const cleanup = (dirs: string[]) =>
  Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))

/**
 * `count` real, different JPEG files (noise of a different mean each, encoded by libvips).
 * `seed` keeps sets of different tests apart.
 */
export const makePhotos = async (count: number, seed: number, size = 96): Promise<Buffer[]> =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp({
        create: {
          width: size,
          height: size,
          channels: 3,
          background: { r: (seed * 31 + i) % 256, g: (i * 7) % 256, b: (seed + i * 13) % 256 },
          noise: { type: 'gaussian', mean: 128, sigma: 40 + (i % 20) }
        }
      })
        .jpeg({ quality: 80 })
        .toBuffer()
    )
  )

export const writeFiles = async (dir: string, files: [string, Buffer][]) => {
  for (const [name, data] of files) {
    await mkdir(dirname(join(dir, name)), { recursive: true })
    await writeFile(join(dir, name), data)
  }
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export const waitFor = async <T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 250
): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** A small client of the server's API, as any script would use it. */
export const apiOf = (server: RunningServer) => {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown
  ): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'api-key': server.apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
  }
  const folders = async () =>
    (await call<{ items: WatchedFolder[]; journal: number }>('GET', '/_darkroom/watched-folders'))
      .body
  return {
    call,
    folders,
    folder: async (path: string): Promise<WatchedFolder | undefined> =>
      (await folders()).items.find((folder) => folder.path === path),
    /** Every live source image of `org` (binary hash per image). */
    images: async (org = 'local', deleted = false) => {
      const res = await call<{
        total: number
        items: {
          hash: string
          binary_hash: string
          name: string
          user_metadata?: Record<string, unknown>
        }[]
      }>('GET', `/sourceimages/${org}?limit=2000${deleted ? '&deleted=true' : ''}`)
      return res.body.items
    },
    origins: async (hash: string, org = 'local') =>
      (
        await call<{ items: { path: string; gone: string | null }[] }>(
          'GET',
          `/_darkroom/sourceimages/${org}/${hash}/origins`
        )
      ).body.items
  }
}

export type Api = ReturnType<typeof apiOf>

/** Waits until the folder has accounted for `files` files and nothing is pending. */
export const waitForSettled = (api: Api, path: string, files: number, timeoutMs = 90_000) => {
  let last: WatchedFolder | undefined
  return waitFor(
    `${files} files in ${path} to be accounted for`,
    async () => {
      const folder = await api.folder(path)
      last = folder
      if (!folder) return undefined
      const { imported, known, skipped, failed } = folder.counts
      return imported + known + skipped + failed >= files && folder.pending === 0
        ? folder
        : undefined
    },
    timeoutMs,
    500
  ).catch((error: Error) => {
    // Say where it stood, so a timeout on a slow machine can be told from a lost file.
    const state = last ? { counts: last.counts, pending: last.pending, state: last.state } : 'no folder'
    throw new Error(`${error.message}; last seen: ${JSON.stringify(state)}`)
  })
}
