import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The Darkroom a spec drives: its address, its admin key and plain HTTP access to its API. */
export interface StudioServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  dataDir: string
  /** The owner's organization (`local`). */
  org: string
  /** The admin API key from `credentials.json`. */
  apiKey: string
  /** A call of the rokka API with the admin key; any status is returned, never thrown. */
  api(path: string, init?: RequestInit): Promise<Response>
  /** A call that must succeed (2xx), parsed as JSON. */
  json<T>(path: string, init?: RequestInit): Promise<T>
  /** Everything the server printed (empty for the desktop app, whose output is not captured). */
  output(): string
}

interface Credentials {
  api_key: string
  organization: string
}

export const studioServer = async (
  url: string,
  dataDir: string,
  output: () => string
): Promise<StudioServer> => {
  const credentials = JSON.parse(
    await readFile(join(dataDir, 'credentials.json'), 'utf8')
  ) as Credentials
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { 'Api-Key': credentials.api_key, 'Api-Version': '1', ...init.headers }
    })
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    org: credentials.organization,
    apiKey: credentials.api_key,
    api,
    json: async <T>(path: string, init?: RequestInit): Promise<T> => {
      const response = await api(path, init)
      const text = await response.text()
      if (!response.ok)
        throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${text}`)
      return JSON.parse(text) as T
    },
    output
  }
}
