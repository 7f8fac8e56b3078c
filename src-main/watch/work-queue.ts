/**
 * A queue of keyed jobs run `concurrency` at a time. A key queued twice runs once; a key queued
 * while it runs is run again afterwards, so a change during an import is never missed.
 */
export const createWorkQueue = (options: {
  concurrency: number
  run(key: string): Promise<void>
  /** Called after a job has left the queue (its key no longer counts as pending). */
  onDone?(key: string): void
}) => {
  const waiting = new Set<string>()
  const running = new Set<string>()
  const again = new Set<string>()
  const idleWaiters: (() => void)[] = []
  let closed = false

  const pump = () => {
    for (const key of waiting) {
      if (closed || running.size >= options.concurrency) break
      if (running.has(key)) continue
      waiting.delete(key)
      running.add(key)
      void options
        .run(key)
        .catch(() => undefined)
        .finally(() => {
          running.delete(key)
          if (again.delete(key)) waiting.add(key)
          options.onDone?.(key)
          pump()
        })
    }
    if (waiting.size === 0 && running.size === 0)
      idleWaiters.splice(0).forEach((resolve) => resolve())
  }

  return {
    push(key: string): void {
      if (closed) return
      if (running.has(key)) again.add(key)
      else waiting.add(key)
      pump()
    },
    /** Drops waiting jobs whose key starts with `prefix` (a paused or removed folder). */
    drop(prefix: string): void {
      for (const key of [...waiting]) if (key.startsWith(prefix)) waiting.delete(key)
      for (const key of [...again]) if (key.startsWith(prefix)) again.delete(key)
    },
    count(prefix: string): number {
      let n = 0
      for (const key of waiting) if (key.startsWith(prefix)) n++
      for (const key of running) if (key.startsWith(prefix) && !waiting.has(key)) n++
      return n
    },
    isBusy: (key: string): boolean => waiting.has(key) || running.has(key),
    /** Resolves when nothing waits or runs (after `close`, when the running jobs are done). */
    idle(): Promise<void> {
      if (waiting.size === 0 && running.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
    close(): Promise<void> {
      closed = true
      waiting.clear()
      again.clear()
      if (running.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    }
  }
}

export type WorkQueue = ReturnType<typeof createWorkQueue>
