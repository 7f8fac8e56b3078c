import { describe, expect, it } from 'vitest'
import { createHotRenders } from './hot-renders'

const bytes = (n: number) => Buffer.alloc(n, 1)

describe('hot renders', () => {
  it('keeps entries within the byte budget, dropping the least recently used first', () => {
    const hot = createHotRenders<string>({ maxBytes: 100, maxEntryBytes: 60 })
    hot.set('a', 'A', bytes(40))
    hot.set('b', 'B', bytes(40))
    expect(hot.get('a')?.value).toBe('A') // a is now the most recently used
    hot.set('c', 'C', bytes(40))
    expect(hot.get('b')).toBeUndefined()
    expect(hot.get('a')?.data.length).toBe(40)
    expect(hot.get('c')?.value).toBe('C')
    expect(hot.bytes).toBe(80)
    expect(hot.size).toBe(2)
  })

  it('never keeps an entry over the size limit, and replacing or deleting keeps the count right', () => {
    const hot = createHotRenders<string>({ maxBytes: 100, maxEntryBytes: 60 })
    hot.set('big', 'X', bytes(61))
    expect(hot.get('big')).toBeUndefined()
    hot.set('a', 'A', bytes(30))
    hot.set('a', 'A2', bytes(50))
    expect(hot.bytes).toBe(50)
    expect(hot.get('a')?.value).toBe('A2')
    hot.delete('a')
    hot.delete('missing')
    expect(hot.bytes).toBe(0)
    expect(hot.size).toBe(0)
  })
})
