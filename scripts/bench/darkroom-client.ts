import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'

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
    call
  }
}

export type DarkroomClient = ReturnType<typeof darkroomClient>
