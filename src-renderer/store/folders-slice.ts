import type {
  ImageOrigin,
  NewWatchedFolder,
  WatchActivity,
  WatchedFolder,
  WatchedFolderUpdate,
  WatchStreamEvent
} from '@shared/api/watched-folders'
import { toUiError } from '../api/errors'
import type { UiError } from '../api/types'
import type { SliceCreator, StoreDeps } from './types'

export interface FoldersSlice {
  folders: WatchedFolder[]
  foldersLoaded: boolean
  foldersError: UiError | null
  /** True while the live stream is open. */
  foldersLive: boolean
  /** Which file(s) the open image came from. */
  origins: { hash: string; items: ImageOrigin[] } | null
  loadFolders: () => Promise<void>
  /** Resolves true when the folder was added. */
  addFolder: (folder: NewWatchedFolder) => Promise<boolean>
  updateFolder: (id: string, update: WatchedFolderUpdate) => Promise<boolean>
  pauseFolder: (id: string) => Promise<void>
  resumeFolder: (id: string) => Promise<void>
  removeFolder: (id: string) => Promise<void>
  applyWatchEvent: (event: WatchStreamEvent) => void
  /** Follows the live stream (reconnecting after a break) until the returned function is called. */
  followFolders: () => () => void
  loadOrigins: (org: string, hash: string) => Promise<void>
}

const ACTIVITY_KEPT = 50
const RECONNECT_MS = 2000
const LIBRARY_REFRESH_MS = 800

/** The folder's activity with `event` on top, newest first, without repeats. */
const withActivity = (list: WatchActivity[], event: WatchActivity | undefined): WatchActivity[] => {
  if (!event || list.some((item) => item.seq === event.seq)) return list
  return [event, ...list].slice(0, ACTIVITY_KEPT)
}

/** A folder update from the stream: its activity comes one event at a time, the rest whole. */
export const mergeFolder = (
  current: WatchedFolder | undefined,
  next: WatchedFolder,
  event?: WatchActivity
): WatchedFolder => {
  const base = next.activity.length > 0 ? next.activity : (current?.activity ?? [])
  return { ...next, activity: withActivity(base, event) }
}

const replace = (folders: WatchedFolder[], folder: WatchedFolder): WatchedFolder[] =>
  folders.some((item) => item.id === folder.id)
    ? folders.map((item) => (item.id === folder.id ? mergeFolder(item, folder) : item))
    : [...folders, folder]

export const createFoldersSlice =
  ({ api }: StoreDeps): SliceCreator<FoldersSlice> =>
  (set, get) => {
    let refreshTimer: ReturnType<typeof setTimeout> | undefined

    /** New images in the organization on screen: the library reloads once a burst calms down. */
    const refreshLibrarySoon = () => {
      if (refreshTimer !== undefined) clearTimeout(refreshTimer)
      refreshTimer = setTimeout(() => {
        refreshTimer = undefined
        void get().loadImages()
      }, LIBRARY_REFRESH_MS)
    }

    const attempt = async (work: () => Promise<void>): Promise<boolean> => {
      set({ foldersError: null })
      try {
        await work()
        return true
      } catch (thrown) {
        set({ foldersError: toUiError(thrown) })
        return false
      }
    }

    const store = (folder: WatchedFolder) =>
      set((state) => ({ folders: replace(state.folders, folder) }))

    return {
      folders: [],
      foldersLoaded: false,
      foldersError: null,
      foldersLive: false,
      origins: null,
      loadFolders: async () => {
        await attempt(async () => set({ folders: await api.watch.list(), foldersLoaded: true }))
      },
      addFolder: (folder) => attempt(async () => store(await api.watch.add(folder))),
      updateFolder: (id, update) => attempt(async () => store(await api.watch.update(id, update))),
      pauseFolder: async (id) => {
        await attempt(async () => store(await api.watch.pause(id)))
      },
      resumeFolder: async (id) => {
        await attempt(async () => store(await api.watch.resume(id)))
      },
      removeFolder: async (id) => {
        const done = await attempt(() => api.watch.remove(id))
        if (done) {
          set((state) => ({ folders: state.folders.filter((folder) => folder.id !== id) }))
          get().notify('The folder is no longer watched; its images stay in the library.', 'info')
        }
      },
      applyWatchEvent: (event) => {
        if (event.removed) {
          const id = event.removed
          set((state) => ({ folders: state.folders.filter((folder) => folder.id !== id) }))
          return
        }
        const next = event.folder
        if (!next) return
        set((state) => {
          const current = state.folders.find((folder) => folder.id === next.id)
          const merged = mergeFolder(current, next, event.activity)
          return {
            folders: current
              ? state.folders.map((folder) => (folder.id === next.id ? merged : folder))
              : [...state.folders, merged],
            foldersLoaded: true
          }
        })
        if (event.activity?.kind === 'imported' && next.organization === get().org)
          refreshLibrarySoon()
      },
      followFolders: () => {
        let stopStream: (() => void) | null = null
        let retry: ReturnType<typeof setTimeout> | undefined
        let stopped = false
        const open = () => {
          set({ foldersLive: true })
          stopStream = api.watch.follow(
            (event) => get().applyWatchEvent(event),
            () => {
              set({ foldersLive: false })
              if (!stopped) retry = setTimeout(open, RECONNECT_MS)
            }
          )
        }
        open()
        return () => {
          stopped = true
          if (retry !== undefined) clearTimeout(retry)
          stopStream?.()
          set({ foldersLive: false })
        }
      },
      loadOrigins: async (org, hash) => {
        set({ origins: null })
        try {
          const items = await api.watch.origins(org, hash)
          set({ origins: { hash, items } })
        } catch {
          // Origins are an extra; the image view stays usable without them.
          set({ origins: { hash, items: [] } })
        }
      }
    }
  }
