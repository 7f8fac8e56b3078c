import { randomUUID } from 'node:crypto'
import { rm, statfs, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { nowRfc3339 } from './clock'

/** Whether new originals can be written: yes, not at all (read-only, no permission), or no room. */
export type StoreWriteState = 'ok' | 'read_only' | 'full'

export interface StoreWritabilityReport {
  state: StoreWriteState
  /** What it means for a person, in a sentence or two. */
  message: string
  /** When the store entered this state (RFC 3339); null for ok since start. */
  since: string | null
}

export interface StoreWritability {
  /** A write of the store failed; errors that say nothing about writability are ignored. */
  noteFailure(error: unknown): void
  /** A write of the store succeeded: whatever held before, the store takes writes now. */
  noteSuccess(): void
  /** The state, re-probed first when the last evidence is older than the probe interval. */
  report(): Promise<StoreWritabilityReport>
}

export interface StoreWritabilityOptions {
  /** A folder of the store where a probe file may be created and removed (the blob store's tmp). */
  probeDir: string
  /** Evidence younger than this is trusted without a probe (default 5 s). */
  probeIntervalMs?: number
  /** After a full disk, free space needed before the store counts as writable again (default 64 MiB). */
  resumeFreeBytes?: number
  now?: () => number
  /** What the states say to people (default: the originals' store). */
  messages?: WritabilityMessages
}

export interface WritabilityMessages {
  ok: string
  /** `why` is a clause such as "the data folder is read-only". */
  failing: (why: string) => string
}

const STORE_MESSAGES: WritabilityMessages = {
  ok: 'The store accepts new images.',
  failing: (why) =>
    `New images cannot be stored: ${why}. Images already stored are still shown, downloaded and rendered.`
}

/** The state and the reason a file-system error gives, or null when it says nothing about writes. */
const classify = (
  error: unknown
): { state: Exclude<StoreWriteState, 'ok'>; why: string } | null => {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EROFS':
      return { state: 'read_only', why: 'the data folder is read-only' }
    case 'EACCES':
    case 'EPERM':
      return { state: 'read_only', why: 'Darkroom is not allowed to write to its data folder' }
    case 'ENOSPC':
      return { state: 'full', why: 'the disk holding the data folder is full' }
    case 'EDQUOT':
      return { state: 'full', why: 'the disk quota of the data folder is used up' }
    default:
      return null
  }
}

/**
 * Knows whether the store can take new originals. It learns from failed and successful writes,
 * and re-probes (creating and removing an empty file, checking free space) when asked and its
 * evidence is stale, so a store that becomes writable again is seen as such without a restart.
 */
export const createStoreWritability = (options: StoreWritabilityOptions): StoreWritability => {
  const probeIntervalMs = options.probeIntervalMs ?? 5_000
  const resumeFreeBytes = options.resumeFreeBytes ?? 64 * 1024 * 1024
  const now = options.now ?? Date.now
  const messages = options.messages ?? STORE_MESSAGES
  let current: StoreWritabilityReport = { state: 'ok', message: messages.ok, since: null }
  let evidenceAt = Number.NEGATIVE_INFINITY
  let probing: Promise<void> | null = null

  const enter = (state: StoreWriteState, why: string) => {
    const message = state === 'ok' ? messages.ok : messages.failing(why)
    const since = state === current.state ? current.since : nowRfc3339()
    current = { state, message, since }
    evidenceAt = now()
  }

  const noteFailure = (error: unknown) => {
    const found = classify(error)
    if (found) enter(found.state, found.why)
  }

  const freeBytes = async (): Promise<number> => {
    const info = await statfs(options.probeDir)
    return info.bavail * info.bsize
  }

  const probe = async () => {
    const file = join(options.probeDir, `probe-${randomUUID()}`)
    try {
      await writeFile(file, '', { flag: 'wx' })
      await rm(file, { force: true })
    } catch (error) {
      await rm(file, { force: true }).catch(() => undefined)
      const found = classify(error)
      if (found) enter(found.state, found.why)
      else evidenceAt = now()
      return
    }
    // An empty file fits on a full disk; a full store stays full until it has real room again.
    if (current.state === 'full' && (await freeBytes().catch(() => 0)) < resumeFreeBytes) {
      evidenceAt = now()
      return
    }
    enter('ok', '')
  }

  return {
    noteFailure,
    noteSuccess: () => enter('ok', ''),
    report: async () => {
      if (now() - evidenceAt >= probeIntervalMs) {
        probing ??= probe().finally(() => {
          probing = null
        })
        await probing
      }
      return current
    }
  }
}
