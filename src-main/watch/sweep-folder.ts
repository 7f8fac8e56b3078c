import type { Stats } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { PathFilter } from './path-filter'
import { toRelative } from './path-filter'

/**
 * Walks a folder the way its watcher sees it (same names left out, linked folders not entered,
 * subfolders only when recursive) and hands each accepted file to `onFile` with its stats
 * (undefined when they cannot be read). A safety net for events a busy system drops.
 */
export const sweepFolder = async (
  root: string,
  options: { recursive: boolean; filter: PathFilter; isStopped(): boolean },
  onFile: (relPath: string, stats: Stats | undefined) => void
): Promise<void> => {
  const visit = async (dir: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (options.isStopped()) return
      const path = join(dir, entry.name)
      if (options.filter.ignoredReason(path) !== null) continue
      if (entry.isDirectory()) {
        if (options.recursive) await visit(path)
        continue
      }
      const rel = toRelative(root, path)
      if (!options.filter.accepts(rel)) continue
      // stat follows links and never opens the file, so FIFOs are safe here.
      onFile(rel, await stat(path).catch(() => undefined))
    }
  }
  await visit(root)
}
