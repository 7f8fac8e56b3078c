import { readFile } from 'node:fs/promises'
import { Agent, get } from 'node:http'
import { basename } from 'node:path'

/** What a timed request answered: its status, one header and how long it took to the last byte. */
export interface TimedAnswer {
  status: number
  render: string | undefined
  ms: number
}

/** The few API calls the benchmark makes on a running Darkroom. */
export const darkroomClient = (origin: string, apiKey: string) => {
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${origin}${path}`, { ...init, headers: { 'api-key': apiKey, ...(init.headers ?? {}) } })
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`)
    return response
  }
  return {
    /** Uploads one file; returns its hash. */
    upload: async (file: string): Promise<string> => {
      const form = new FormData()
      form.append('filedata', new Blob([await readFile(file)]), basename(file))
      const body = (await (await call('/sourceimages/local', { method: 'POST', body: form })).json()) as {
        items: { hash: string }[]
      }
      return (body.items[0] as { hash: string }).hash
    },
    /**
     * Another source image with the same original but its own hash (rokka's `version` dynamic
     * metadata), so its renders are distinct variants that nothing has cached yet.
     */
    version: async (hash: string, n: number): Promise<string> => {
      const response = await call(`/sourceimages/local/${hash}/meta/dynamic/version`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `bench-${n}` })
      })
      const location = response.headers.get('location') ?? ''
      const fromLocation = /([0-9a-f]{40})$/.exec(location)?.[1]
      if (fromLocation) return fromLocation
      const body = (await response.json().catch(() => ({}))) as { hash?: string }
      if (!body.hash) throw new Error('the version call answered no hash')
      return body.hash
    },
    get: (path: string, headers: Record<string, string> = {}) => fetch(`${origin}${path}`, { headers }),
    timedGet: (path: string) => timedGet(origin, path),
    call
  }
}

// One kept-alive connection, as a browser or CDN would hold to a local server.
const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 })

/**
 * A GET through Node's own HTTP client, timed to the last byte of the body. The single-request
 * figure uses it rather than fetch, whose streams add about 4 ms of client work per request on
 * this kind of machine: time that is the client's, not the server's.
 */
const timedGet = (origin: string, path: string): Promise<TimedAnswer> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    get(`${origin}${path}`, { agent: keepAlive }, (response) => {
      response.on('data', () => undefined)
      response.on('end', () => {
        const render = response.headers['x-darkroom-render']
        resolve({ status: response.statusCode ?? 0, render: Array.isArray(render) ? render[0] : render, ms: performance.now() - started })
      })
      response.on('error', reject)
    }).on('error', reject)
  })

export type DarkroomClient = ReturnType<typeof darkroomClient>
