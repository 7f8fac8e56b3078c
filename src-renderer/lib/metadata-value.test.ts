import { describe, expect, it } from 'vitest'
import { joinKey, parseMetadataValue, splitKey } from './metadata-value'

describe('metadata values', () => {
  it('reads and writes type prefixes', () => {
    expect(splitKey('int:rating')).toEqual({ type: 'int', name: 'rating' })
    expect(splitKey('title')).toEqual({ type: 'str', name: 'title' })
    expect(joinKey('str', 'title')).toBe('title')
    expect(joinKey('latlon', 'where')).toBe('latlon:where')
  })

  it('types values and refuses what does not fit', () => {
    expect(parseMetadataValue('int', '42')).toEqual({ value: 42 })
    expect(parseMetadataValue('int', '4.2')).toEqual({ error: 'Whole number expected.' })
    expect(parseMetadataValue('array', 'a, b')).toEqual({ value: ['a', 'b'] })
    expect(parseMetadataValue('date', '2026-03-01T10:00:00Z')).toEqual({
      value: '2026-03-01T10:00:00Z'
    })
    expect(parseMetadataValue('latlon', '47.38, 8.52')).toEqual({ value: '47.38,8.52' })
    expect(parseMetadataValue('latlon', 'zurich')).toEqual({ error: 'Use lat,lon.' })
  })
})
