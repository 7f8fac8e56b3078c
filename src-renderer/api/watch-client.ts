import type {
  ImageOrigin,
  NewWatchedFolder,
  WatchedFolder,
  WatchedFolderUpdate,
  WatchStreamEvent
} from '@shared/api/watched-folders'
import { createSseParser } from './sse-reader'

/** An authenticated request to Darkroom that throws a UiError unless the answer is 2xx. */
export type SendRequest = (
  path: string,
  call?: { method?: string; body?: unknown }
) => Promise<Response>

/** Watched folders and image origins, under Darkroom's own `/_darkroom/` prefix. */
export interface WatchApi {
  list: () => Promise<WatchedFolder[]>
  add: (folder: NewWatchedFolder) => Promise<WatchedFolder>
  update: (id: string, update: WatchedFolderUpdate) => Promise<WatchedFolder>
  pause: (id: string) => Promise<WatchedFolder>
  resume: (id: string) => Promise<WatchedFolder>
  remove: (id: string) => Promise<void>
  origins: (org: string, hash: string) => Promise<ImageOrigin[]>
  /** Follows the live stream until `stop` is called; `onEnd` hears when it ends by itself. */
  follow: (
    onEvent: (event: WatchStreamEvent) => void,
    onEnd: (error: unknown) => void
  ) => () => void
}

const BASE = '/_darkroom/watched-folders'
const enc = encodeURIComponent

export const createWatchClient = (send: SendRequest): WatchApi => {
  const json = async <T>(path: string, call?: { method?: string; body?: unknown }): Promise<T> =>
    (await (await send(path, call)).json()) as T

  return {
    list: async () => (await json<{ items: WatchedFolder[] }>(BASE)).items,
    add: (folder) => json(BASE, { method: 'POST', body: folder }),
    update: (id, update) => json(`${BASE}/${enc(id)}`, { method: 'PATCH', body: update }),
    pause: (id) => json(`${BASE}/${enc(id)}/pause`, { method: 'POST' }),
    resume: (id) => json(`${BASE}/${enc(id)}/resume`, { method: 'POST' }),
    remove: async (id) => {
      await send(`${BASE}/${enc(id)}`, { method: 'DELETE' })
    },
    origins: async (org, hash) =>
      (
        await json<{ items: ImageOrigin[] }>(
          `/_darkroom/sourceimages/${enc(org)}/${enc(hash)}/origins`
        )
      ).items,
    follow: (onEvent, onEnd) => {
      // fetch rather than EventSource: the stream needs the Authorization header.
      let reader: ReadableStreamDefaultReader<Uint8Array> | null = null
      let stopped = false
      const feed = createSseParser((data) => onEvent(JSON.parse(data) as WatchStreamEvent))
      void (async () => {
        try {
          const response = await send(`${BASE}/events`)
          if (!response.body) throw new Error('The live stream has no body.')
          reader = response.body.getReader()
          if (stopped) return void reader.cancel()
          const decoder = new TextDecoder()
          for (;;) {
            const { done, value } = await reader.read()
            if (done) break
            feed(decoder.decode(value, { stream: true }))
          }
          if (!stopped) onEnd(null)
        } catch (error) {
          if (!stopped) onEnd(error)
        }
      })()
      return () => {
        stopped = true
        void reader?.cancel().catch(() => undefined)
      }
    }
  }
}
