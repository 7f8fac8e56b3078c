import { describe, expect, it } from 'vitest'
import { createRenderQueue } from './render-queue'
import { createSingleFlight } from './single-flight'

const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('render queue', () => {
  it('runs at most `concurrency` tasks and refuses past `maxWaiting` with 429', async () => {
    const queue = createRenderQueue({ concurrency: 2, maxWaiting: 1 })
    const gate = deferred()
    let peak = 0
    let active = 0
    const task = async () => {
      active++
      peak = Math.max(peak, active)
      await gate.promise
      active--
      return 'done'
    }
    const accepted = [queue.run(task), queue.run(task), queue.run(task)]
    await expect(queue.run(task)).rejects.toMatchObject({ status: 429, headers: { 'Retry-After': '1' } })
    expect(queue.stats()).toEqual({ running: 2, waiting: 1 })
    gate.resolve()
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done'])
    expect(peak).toBe(2)
    expect(queue.stats()).toEqual({ running: 0, waiting: 0 })
  })

  it('frees its slot when a task fails', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxWaiting: 0 })
    await expect(queue.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await queue.run(async () => 1)).toBe(1)
  })

  it('tells when every running and waiting task is done', async () => {
    const queue = createRenderQueue({ concurrency: 1, maxWaiting: 5 })
    await queue.idle(1000)
    const gate = deferred()
    const finished: number[] = []
    const tasks = [1, 2, 3].map((n) => queue.run(async () => {
      await gate.promise
      finished.push(n)
    }))
    const idle = queue.idle(10_000).then(() => [...finished])
    gate.resolve()
    await Promise.all(tasks)
    expect(await idle).toEqual([1, 2, 3])
  })
})

describe('single flight', () => {
  it('shares one run among callers of the same key', async () => {
    const flight = createSingleFlight<number>()
    let runs = 0
    const gate = deferred()
    const task = async () => {
      runs++
      await gate.promise
      return 42
    }
    const all = Array.from({ length: 10 }, () => flight.run('k', task))
    gate.resolve()
    expect(await Promise.all(all)).toEqual(Array(10).fill(42))
    expect(runs).toBe(1)
    expect(flight.size).toBe(0)
    expect(await flight.run('k', async () => 7)).toBe(7)
  })
})
