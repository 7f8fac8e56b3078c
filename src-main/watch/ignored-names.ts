/** Suffixes browsers, downloaders and editors give files while they are still being written. */
const PARTIAL_SUFFIXES = ['.crdownload', '.part', '.partial', '.download', '.tmp', '.temp', '.swp']

const SYSTEM_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'icon\r'])

/**
 * Why a file or folder name is never imported, or null when it may be. Names only: the checks on
 * what a path is (FIFO, socket, symlink, empty) need the file system and live in `inspect-path`.
 */
export const ignoredNameReason = (name: string): string | null => {
  const lower = name.toLowerCase()
  if (SYSTEM_NAMES.has(lower)) return 'a system file'
  if (lower.startsWith('._')) return 'macOS resource fork metadata'
  if (lower.startsWith('~$')) return 'an office lock file'
  if (PARTIAL_SUFFIXES.some((suffix) => lower.endsWith(suffix)))
    return 'a file still being downloaded or written'
  // rsync, editors and many exporters write to hidden names and rename when done.
  if (lower.startsWith('.')) return 'a hidden file'
  return null
}
