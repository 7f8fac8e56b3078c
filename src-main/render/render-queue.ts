import { tooManyRequests } from '../errors'

export interface RenderQueueOptions {
  /** Renders running at once (libvips uses its own threads inside each). */
  concurrency: number
  /** Renders allowed to wait; beyond that new ones get 429 at once. */
  maxWaiting: number
}

/**
 * A bounded queue: a full queue answers 429 with Retry-After straight away instead of making
 * every request slower.
 */
export const createRenderQueue = (options: RenderQueueOptions) => {
  let running = 0
  const waiting: (() => void)[] = []
  const onIdle: (() => void)[] = []

  const release = () => {
    running--
    const next = waiting.shift()
    if (next) {
      running++
      next()
    } else if (running === 0) {
      for (const resolve of onIdle.splice(0)) resolve()
    }
  }

  return {
    run: async <T>(task: () => Promise<T>): Promise<T> => {
      if (running >= options.concurrency) {
        if (waiting.length >= options.maxWaiting) {
          throw tooManyRequests(1, 'Darkroom is busy rendering; try again in a second.')
        }
        await new Promise<void>((resolve) => waiting.push(resolve))
      } else {
        running++
      }
      try {
        return await task()
      } finally {
        release()
      }
    },
    stats: () => ({ running, waiting: waiting.length }),
    /**
     * Resolves once no render runs or waits (or after `timeoutMs`): a clean stop lets renders whose
     * client has gone finish writing their cache entries instead of leaving temp files.
     */
    idle: (timeoutMs: number): Promise<void> =>
      running === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, timeoutMs)
            onIdle.push(() => {
              clearTimeout(timer)
              resolve()
            })
          })
  }
}

export type RenderQueue = ReturnType<typeof createRenderQueue>
