import { describe, expect, it } from 'vitest'
import { createSseParser } from './sse-reader'

describe('SSE parser', () => {
  it('yields the data of each message, across chunk boundaries, skipping heartbeats', () => {
    const seen: string[] = []
    const feed = createSseParser((data) => seen.push(data))
    feed('data: {"a":1}\n\n: still here\n\nda')
    feed('ta: {"b":')
    feed('2}\r\n\r\ndata: x\ndata: y\n\n')
    expect(seen).toEqual(['{"a":1}', '{"b":2}', 'x\ny'])
  })
})
