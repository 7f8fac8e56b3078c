import { describe, expect, it } from 'vitest'
import type { WatchActivity, WatchedFolder, WatchStreamEvent } from '@shared/api/watched-folders'
import type { WatchApi } from '../api/watch-client'
import { fakeApi, flush, makeStore } from './testing'

const folder = (id: string, patch: Partial<WatchedFolder> = {}): WatchedFolder => ({
  id,
  path: `/exports/${id}`,
  organization: 'local',
  recursive: true,
  include: ['*.jpg'],
  exclude: [],
  user_metadata: {},
  trash_on_delete: false,
  transient: false,
  state: 'watching',
  error: null,
  counts: { imported: 0, known: 0, skipped: 0, failed: 0 },
  pending: 0,
  created: '2026-01-01T00:00:00+00:00',
  activity: [],
  ...patch
})

const activity = (seq: number, kind: WatchActivity['kind'] = 'imported'): WatchActivity => ({
  seq,
  at: '2026-01-01T00:00:00+00:00',
  kind,
  path: `p${seq}.jpg`,
  message: kind
})

const watchApi = (overrides: Partial<WatchApi>): WatchApi =>
  ({
    list: async () => [],
    follow: () => () => undefined,
    ...overrides
  }) as WatchApi

describe('folders slice', () => {
  it('loads, adds, pauses and removes folders, keeping the server answers', async () => {
    const removed: string[] = []
    const store = makeStore(
      fakeApi({
        watch: watchApi({
          list: async () => [folder('a')],
          add: async (input) => folder('b', { path: input.path }),
          pause: async (id) => folder(id, { state: 'paused' }),
          remove: async (id) => void removed.push(id)
        })
      })
    )
    await store.getState().loadFolders()
    expect(await store.getState().addFolder({ path: '/exports/new', organization: 'local' })).toBe(
      true
    )
    expect(store.getState().folders.map((f) => f.path)).toEqual(['/exports/a', '/exports/new'])
    await store.getState().pauseFolder('a')
    expect(store.getState().folders[0]?.state).toBe('paused')
    await store.getState().removeFolder('b')
    expect(removed).toEqual(['b'])
    expect(store.getState().folders.map((f) => f.id)).toEqual(['a'])
  })

  it('keeps the server refusal as the error and reports failure', async () => {
    const store = makeStore(
      fakeApi({
        watch: watchApi({
          add: async () => {
            throw { code: 400, message: 'The folder "/nope" does not exist.' }
          }
        })
      })
    )
    expect(await store.getState().addFolder({ path: '/nope', organization: 'local' })).toBe(false)
    expect(store.getState().foldersError).toEqual({
      code: 400,
      message: 'The folder "/nope" does not exist.'
    })
  })

  it('applies live events: counts replace, activity accumulates newest first without repeats, removal drops', () => {
    const store = makeStore(fakeApi({ watch: watchApi({}) }))
    store.setState({ loadImages: async () => undefined })
    const apply = (event: WatchStreamEvent) => store.getState().applyWatchEvent(event)
    apply({ folder: folder('a', { activity: [activity(1, 'state')] }) })
    apply({
      folder: folder('a', { counts: { imported: 1, known: 0, skipped: 0, failed: 0 } }),
      activity: activity(2)
    })
    apply({
      folder: folder('a', { counts: { imported: 1, known: 0, skipped: 0, failed: 0 } }),
      activity: activity(2)
    })
    apply({
      folder: folder('a', { pending: 3, counts: { imported: 1, known: 1, skipped: 0, failed: 0 } }),
      activity: activity(3, 'known')
    })
    const [a] = store.getState().folders
    expect(a?.counts).toEqual({ imported: 1, known: 1, skipped: 0, failed: 0 })
    expect(a?.pending).toBe(3)
    expect(a?.activity.map((item) => item.seq)).toEqual([3, 2, 1])
    apply({ folder: null, removed: 'a' })
    expect(store.getState().folders).toEqual([])
  })

  it('follows the stream, reconnects after it breaks and stops when asked', async () => {
    const opened: ((error: unknown) => void)[] = []
    let stops = 0
    const store = makeStore(
      fakeApi({
        watch: watchApi({
          follow: (onEvent, onEnd) => {
            opened.push(onEnd)
            onEvent({ folder: folder('live') })
            return () => void stops++
          }
        })
      })
    )
    const stop = store.getState().followFolders()
    expect(store.getState().foldersLive).toBe(true)
    expect(store.getState().folders.map((f) => f.id)).toEqual(['live'])
    opened[0]?.(new Error('connection lost'))
    expect(store.getState().foldersLive).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 2100))
    expect(opened).toHaveLength(2)
    stop()
    await flush()
    expect(stops).toBe(1)
    expect(store.getState().foldersLive).toBe(false)
  })

  it('loads the origins of an image, and shows none when they cannot be read', async () => {
    const origin = {
      path: '/exports/a/p.jpg',
      folder_path: '/exports/a',
      folder_id: 'a',
      first_seen: '',
      last_seen: '',
      gone: null
    }
    const store = makeStore(fakeApi({ watch: watchApi({ origins: async () => [origin] }) }))
    await store.getState().loadOrigins('local', 'h1')
    expect(store.getState().origins).toEqual({ hash: 'h1', items: [origin] })
    const failing = makeStore(
      fakeApi({
        watch: watchApi({
          origins: async () => {
            throw { code: 500, message: 'boom' }
          }
        })
      })
    )
    await failing.getState().loadOrigins('local', 'h2')
    expect(failing.getState().origins).toEqual({ hash: 'h2', items: [] })
  })
})
