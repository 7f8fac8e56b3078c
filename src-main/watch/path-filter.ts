import { relative, sep } from 'node:path'
import { compilePatterns } from './patterns'
import { ignoredNameReason } from './ignored-names'
import { isInside } from './inspect-path'

/** The relative path with "/" separators on every platform. */
export const toRelative = (root: string, path: string): string =>
  relative(root, path).split(sep).join('/')

/** What of a folder is looked at: names, Darkroom's own data folder, include/exclude patterns. */
export const createPathFilter = (
  folder: { path: string; include: string[]; exclude: string[] },
  dataDir: string
) => {
  const include = compilePatterns(folder.include)
  const exclude = compilePatterns(folder.exclude)
  return {
    /** Why `path` (absolute, a file or a folder) is never looked at, or null. */
    ignoredReason(path: string): string | null {
      if (path === folder.path) return null
      if (isInside(dataDir, path)) return "Darkroom's own data folder"
      for (const segment of toRelative(folder.path, path).split('/')) {
        const reason = ignoredNameReason(segment)
        if (reason) return reason
      }
      return null
    },
    /** Whether a file (relative path) is one the folder imports. */
    accepts: (rel: string): boolean => include.matches(rel) && !exclude.matches(rel)
  }
}

export type PathFilter = ReturnType<typeof createPathFilter>
