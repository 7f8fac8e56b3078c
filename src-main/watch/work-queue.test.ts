import { describe, expect, it } from 'vitest'
import { createWorkQueue } from './work-queue'

const deferred = () => {
  let resolve: () => void = () => {}
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('work queue', () => {
  it('runs a waiting key once however often it is queued, and at most `concurrency` at a time', async () => {
    const runs: string[] = []
    let active = 0
    let peak = 0
    const queue = createWorkQueue({
      concurrency: 2,
      run: async (key) => {
        active++
        peak = Math.max(peak, active)
        runs.push(key)
        await new Promise((resolve) => setTimeout(resolve, 5))
        active--
      }
    })
    for (const key of ['a', 'b', 'c', 'd', 'c', 'd', 'c']) queue.push(key)
    await queue.idle()
    expect(runs.sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(peak).toBe(2)
  })

  it('runs a key again when it is queued while running', async () => {
    const gate = deferred()
    let runs = 0
    const queue = createWorkQueue({
      concurrency: 1,
      run: async () => {
        runs++
        if (runs === 1) await gate.promise
      }
    })
    queue.push('x')
    queue.push('x')
    expect(queue.count('x')).toBe(1)
    gate.resolve()
    await queue.idle()
    expect(runs).toBe(2)
  })

  it('keeps going after a job fails', async () => {
    const done: string[] = []
    const queue = createWorkQueue({
      concurrency: 1,
      run: async (key) => {
        if (key === 'bad') throw new Error('boom')
        done.push(key)
      }
    })
    queue.push('bad')
    queue.push('good')
    await queue.idle()
    expect(done).toEqual(['good'])
  })
})
