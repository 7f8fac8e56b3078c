import { describe, expect, it } from 'vitest'
import { nextOffsetOf, parseSearch } from './search-query'

describe('parseSearch', () => {
  it('passes metadata and field filters through and searches names with the rest', () => {
    expect(parseSearch('red car user:str:project=spring width=[1000,}')).toEqual({
      name_text: 'red car',
      'user:str:project': 'spring',
      width: '[1000,}'
    })
  })

  it('keeps quoted words together and treats unknown keys as text', () => {
    expect(parseSearch('"a=b" user:str:title="two words"')).toEqual({
      name_text: 'a=b',
      'user:str:title': 'two words'
    })
  })

  it('reads the offset of a next link', () => {
    expect(nextOffsetOf('/sourceimages/local?limit=2&offset=abc')).toBe('abc')
    expect(nextOffsetOf(undefined)).toBeNull()
  })
})
