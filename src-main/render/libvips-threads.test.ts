import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import { libvipsThreadsPerRender, useLibvipsThreads } from './libvips-threads'

describe('libvips threads per render', () => {
  const before = sharp.concurrency()
  afterEach(() => {
    sharp.concurrency(before)
  })

  it('gives a render alone every core', () => {
    expect(libvipsThreadsPerRender(8, 1)).toBe(8)
    expect(libvipsThreadsPerRender(2, 1)).toBe(2)
  })

  it('shares the cores out among renders running side by side', () => {
    expect(libvipsThreadsPerRender(2, 2)).toBe(1)
    expect(libvipsThreadsPerRender(8, 2)).toBe(4)
    expect(libvipsThreadsPerRender(8, 3)).toBe(2)
  })

  it('never goes below one thread', () => {
    expect(libvipsThreadsPerRender(2, 4)).toBe(1)
    expect(libvipsThreadsPerRender(1, 0)).toBe(1)
  })

  it('sets the thread count libvips starts new pipelines with', () => {
    useLibvipsThreads(3)
    expect(sharp.concurrency()).toBe(3)
  })
})
