import { watch, type FSWatcher } from 'chokidar'
import type { Stats } from 'node:fs'
import { isInside } from './inspect-path'
import { createPathFilter, toRelative } from './path-filter'
import type { LiveFolder } from './ingest-file'

export interface FolderEvents {
  /** A file that matches the folder's patterns appeared or changed (path relative to the folder). */
  onFile(relPath: string, stats: Stats | undefined): void
  onRemoved(relPath: string): void
  /** A name that is never imported (logged once per path). */
  onIgnored(relPath: string, reason: string): void
  onReady(): void
  onError(error: Error): void
}

const MAX_REMEMBERED_IGNORED = 5000

/**
 * Watches one folder with chokidar. Symlinks are not followed (a link to a file is looked at by
 * the import, which refuses links leading outside the folder; linked folders are not entered),
 * hidden and partial names are never looked at, and Darkroom's own data folder is left alone.
 */
export const startFolderWatcher = (
  folder: LiveFolder,
  options: { dataDir: string },
  events: FolderEvents
): FSWatcher => {
  const filter = createPathFilter(folder, options.dataDir)
  const reported = new Set<string>()

  const report = (rel: string, reason: string) => {
    if (reported.has(rel)) return
    if (reported.size >= MAX_REMEMBERED_IGNORED) reported.clear()
    reported.add(rel)
    events.onIgnored(rel, reason)
  }

  const ignored = (path: string): boolean => {
    const reason = filter.ignoredReason(path)
    if (reason === null) return false
    if (!isInside(options.dataDir, path)) report(toRelative(folder.path, path), reason)
    return true
  }

  const accepts = filter.accepts

  const watcher = watch(folder.path, {
    ignored,
    persistent: true,
    ignoreInitial: false,
    followSymlinks: false,
    alwaysStat: true,
    depth: folder.recursive ? undefined : 0,
    atomic: true
  })
  const onFile = (path: string, stats?: Stats) => {
    const rel = toRelative(folder.path, path)
    if (accepts(rel)) events.onFile(rel, stats)
  }
  watcher.on('add', onFile)
  watcher.on('change', onFile)
  watcher.on('unlink', (path: string) => {
    const rel = toRelative(folder.path, path)
    if (accepts(rel)) events.onRemoved(rel)
  })
  watcher.on('ready', () => events.onReady())
  watcher.on('error', (error: unknown) =>
    events.onError(error instanceof Error ? error : new Error(String(error)))
  )
  return watcher
}
