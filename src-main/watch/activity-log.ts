import type { WatchActivity, WatchActivityKind } from '../../src-shared/api/watched-folders'
import { nowRfc3339 } from '../storage/clock'

/** The last `limit` events of each folder, newest first; kept in memory (counts are stored). */
export const createActivityLog = (limit: number) => {
  const byFolder = new Map<string, WatchActivity[]>()
  let seq = 0
  return {
    add(
      folderId: string,
      kind: WatchActivityKind,
      path: string,
      message: string,
      hash?: string
    ): WatchActivity {
      const event: WatchActivity = { seq: ++seq, at: nowRfc3339(), kind, path, message }
      if (hash) event.hash = hash
      const list = byFolder.get(folderId) ?? []
      list.unshift(event)
      if (list.length > limit) list.length = limit
      byFolder.set(folderId, list)
      return event
    },
    list: (folderId: string, max = limit): WatchActivity[] =>
      (byFolder.get(folderId) ?? []).slice(0, max),
    forget: (folderId: string): void => void byFolder.delete(folderId)
  }
}

export type ActivityLog = ReturnType<typeof createActivityLog>
