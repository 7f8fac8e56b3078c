import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { ObjectState } from '../storage/blob-store'
import { nowRfc3339 } from '../storage/clock'
import type { ScrubProgress, ScrubRepo } from '../storage/scrub-repo'

/** How fast the scrub goes: a share of the stored originals per day, in ticks of `tickMs`. */
export interface ScrubRate {
  /** Percentage of the stored originals re-hashed per day of running (above 100: several passes). */
  percentPerDay: number
  /** Time between ticks in milliseconds; each tick re-hashes what the rate owes since the last. */
  tickMs: number
}

/**
 * A full pass every ten days, spread thinly: a library of 10,000 originals gets one object
 * re-hashed every minute and a half, too little to be felt next to renders and uploads.
 */
export const DEFAULT_SCRUB_RATE: ScrubRate = { percentPerDay: 10, tickMs: 60_000 }

const DAY_MS = 24 * 60 * 60_000

export interface ScrubStatus extends ScrubProgress {
  /** Stored originals used by images now. */
  objects: number
  percentPerDay: number
}

export interface ObjectScrub {
  /** Starts ticking (timers do not keep the process alive). */
  start(): void
  /** Stops ticking; resolves once the object being re-hashed is done and progress is saved. */
  stop(): Promise<void>
  /** One tick now: re-hashes what the rate owes since the last tick; resolves to how many. */
  tick(): Promise<number>
  status(): ScrubStatus
}

/**
 * The background scrub of the test plan's write protocol: re-hashes the stored originals a few
 * at a time, walking them in blob-hash order and resuming after a restart where it stopped.
 * What it finds is reported by `check` itself (the blob store tells the damage register), the
 * same way a download or render that re-hashes an original does. It yields to the event loop
 * between objects, so requests never wait behind it.
 */
export const createObjectScrub = (deps: {
  repo: ScrubRepo
  /** Re-hashes one original (the blob store's check). */
  check: (blobHash: string) => Promise<ObjectState>
  /** Called when a pass completes (the damage register forgets objects no image uses). */
  onPassComplete?: () => void
  rate?: ScrubRate
  now?: () => number
}): ObjectScrub => {
  const rate = deps.rate ?? DEFAULT_SCRUB_RATE
  const now = deps.now ?? Date.now
  let progress = deps.repo.loadProgress()
  let owed = 0
  let lastTick = now()
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<number> | null = null
  let stopping = false
  const warned = new Set<string>()

  const warnOnce = (what: string, error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? what
    if (warned.has(code)) return
    warned.add(code)
    console.warn(`Darkroom scrub: ${what}: ${(error as Error).message}`)
  }

  const save = () => {
    try {
      deps.repo.saveProgress(progress)
    } catch (error) {
      // a read-only database: the scrub goes on, it only resumes from an older place next start
      warnOnce('cannot save its progress', error)
    }
  }

  const completePass = () => {
    progress = {
      ...progress,
      cursor: '',
      checkedInPass: 0,
      passes: progress.passes + 1,
      lastPass: nowRfc3339()
    }
    deps.onPassComplete?.()
  }

  const runTick = async (): Promise<number> => {
    const objects = deps.repo.countObjects()
    // A late timer (a sleeping laptop) does not turn into a burst: at most two ticks are owed.
    const elapsed = Math.min(Math.max(0, now() - lastTick), 2 * rate.tickMs)
    lastTick = now()
    owed = Math.min(objects, owed + (objects * rate.percentPerDay * elapsed) / (100 * DAY_MS))
    let checked = 0
    let wrapped = false
    while (owed >= 1 && !stopping) {
      const [next] = deps.repo.objectsAfter(progress.cursor, 1)
      if (next === undefined) {
        // every original behind the cursor was deleted meanwhile: nothing left this tick
        if (wrapped || progress.cursor === '') break
        wrapped = true
        completePass()
        continue
      }
      try {
        await deps.check(next)
      } catch (error) {
        warnOnce(`cannot read an original (${next})`, error)
      }
      progress = {
        ...progress,
        cursor: next,
        checkedInPass: progress.checkedInPass + 1,
        lastCheck: nowRfc3339()
      }
      owed -= 1
      checked++
      await yieldToEventLoop()
    }
    // The end of the order reached: the pass is complete as soon as it is seen.
    if (checked > 0 && deps.repo.objectsAfter(progress.cursor, 1).length === 0) completePass()
    if (checked > 0) save()
    return checked
  }

  const tick = (): Promise<number> => {
    running ??= runTick().finally(() => {
      running = null
    })
    return running
  }

  const schedule = () => {
    if (stopping) return
    timer = setTimeout(() => {
      void tick().finally(schedule)
    }, rate.tickMs)
    timer.unref()
  }

  return {
    start: () => {
      if (timer !== undefined || stopping) return
      lastTick = now()
      schedule()
    },
    stop: async () => {
      stopping = true
      if (timer !== undefined) clearTimeout(timer)
      await running
    },
    tick,
    status: () => ({
      ...progress,
      objects: deps.repo.countObjects(),
      percentPerDay: rate.percentPerDay
    })
  }
}
