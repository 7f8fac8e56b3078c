import { resolve } from 'node:path'
import type { Services } from '../services'
import { LOCAL_ORGANIZATION } from '../identity/bootstrap'
import { DEFAULT_FOLDER_SETTINGS } from './folder-input'

export interface WatchFlag {
  path: string
  organization: string
}

/** `--watch <dir>[=<org>]`; the organization defaults to `local`. */
export const parseWatchFlag = (text: string): WatchFlag => {
  const match = /^(.+)=([a-z0-9][a-z0-9-]{0,62})$/.exec(text)
  const path = match ? (match[1] as string) : text
  if (path.trim() === '') throw new Error('--watch needs a folder: --watch <dir>[=<org>]')
  return { path: resolve(path), organization: match ? (match[2] as string) : LOCAL_ORGANIZATION }
}

/**
 * Starts watched folders for this run: the stored ones plus those named by `--watch` (added
 * with default settings, or reused when already stored); folders an earlier `--watch` added and
 * this run does not name are dropped.
 */
export const startWatchedFolders = async (
  services: Services,
  flags: WatchFlag[]
): Promise<string[]> => {
  const keep = new Set<string>()
  const lines: string[] = []
  for (const flag of flags) {
    const org = services.identity.organizations.getByName(flag.organization)
    if (!org)
      throw new Error(`--watch ${flag.path}: there is no organization "${flag.organization}"`)
    const folder = await services.watch.ensureForRun(flag.path, org.id, DEFAULT_FOLDER_SETTINGS)
    keep.add(folder.id)
    lines.push(`Darkroom watching ${folder.path} for organization "${org.name}"`)
  }
  await services.watch.dropTransientExcept(keep)
  await services.watch.start()
  return lines
}
