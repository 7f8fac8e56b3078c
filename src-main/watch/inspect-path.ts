import { constants, type ReadStream } from 'node:fs'
import { lstat, open, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, sep } from 'node:path'

/** What a path in a watched folder is, as far as importing goes. */
export type PathInspection =
  | { kind: 'file'; size: number; mtimeMs: number }
  | { kind: 'ignore'; reason: string }
  | { kind: 'missing' }

/** True when `child` is `root` or inside it (both real paths). */
export const isInside = (root: string, child: string): boolean => {
  const rel = relative(root, child)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

const errnoOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code

/**
 * Looks at `path` without opening it: only regular files are imported; FIFOs, sockets and devices
 * are never opened (reading a FIFO would block), symlinks count only when they stay inside
 * `realRoot`, and empty files are placeholders still to be written.
 */
export const inspectPath = async (realRoot: string, path: string): Promise<PathInspection> => {
  try {
    const link = await lstat(path)
    if (link.isSymbolicLink()) {
      let target: string
      try {
        target = await realpath(path)
      } catch (error) {
        if (errnoOf(error) === 'ELOOP') return { kind: 'ignore', reason: 'a symlink loop' }
        return { kind: 'ignore', reason: 'a symlink to nothing' }
      }
      if (!isInside(realRoot, target))
        return { kind: 'ignore', reason: 'a symlink that leads outside the folder' }
    }
    const info = link.isSymbolicLink() ? await stat(path) : link
    if (info.isFIFO()) return { kind: 'ignore', reason: 'a named pipe (FIFO)' }
    if (info.isSocket()) return { kind: 'ignore', reason: 'a socket' }
    if (!info.isFile()) return { kind: 'ignore', reason: 'not a regular file' }
    if (info.size === 0) return { kind: 'ignore', reason: 'an empty placeholder' }
    return { kind: 'file', size: info.size, mtimeMs: info.mtimeMs }
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return { kind: 'missing' }
    throw error
  }
}

/**
 * Opens `path` for reading only if it still is a regular file. O_NONBLOCK makes the open return
 * at once even if the name was swapped for a FIFO since it was inspected.
 */
export const openRegularFile = async (path: string): Promise<ReadStream | null> => {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)
  const handle = await open(path, flags)
  try {
    if (!(await handle.stat()).isFile()) {
      await handle.close()
      return null
    }
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle.createReadStream()
}
