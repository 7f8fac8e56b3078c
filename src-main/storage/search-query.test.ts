import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import {
  decodeCursor,
  encodeCursor,
  parseSearchDate,
  parseSourceImageQuery,
  type QueryParams,
  type SortKey
} from './search-query'

const created: SortKey = { field: { kind: 'column', name: 'created' }, direction: 'desc' }

const errorOf = (params: QueryParams): AppError => {
  try {
    parseSourceImageQuery(params)
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error(`expected ${JSON.stringify(params)} to be rejected`)
}

const messageOf = (params: QueryParams): string => {
  const error = errorOf(params)
  expect(error.status).toBe(400)
  return error.message
}

describe('parseSourceImageQuery defaults', () => {
  it('lists 100 live images by created desc when nothing is given', () => {
    expect(parseSourceImageQuery({})).toEqual({
      limit: 100,
      offset: 0,
      sort: [created],
      filters: [],
      operator: 'and',
      deleted: false,
      facets: []
    })
  })

  it('treats bare keys (rokka.js null params) as absent', () => {
    const query = parseSourceImageQuery({
      limit: '',
      offset: '',
      sort: '',
      facets: '',
      deleted: '',
      operator: '',
      binaryHash: '',
      'user:int:id': ''
    })
    expect(query).toEqual(parseSourceImageQuery({}))
  })

  it('reads limit, numeric offset, operator and deleted', () => {
    const query = parseSourceImageQuery({
      limit: '0',
      offset: '10000',
      operator: 'OR',
      deleted: 'true'
    })
    expect(query).toMatchObject({ limit: 0, offset: 10000, operator: 'or', deleted: true })
    expect(parseSourceImageQuery({ limit: '2000', deleted: 'false' })).toMatchObject({
      limit: 2000,
      deleted: false
    })
  })

  it('lowercases binaryHash', () => {
    const hash = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01'
    expect(parseSourceImageQuery({ binaryHash: hash }).binaryHash).toBe(hash.toLowerCase())
  })
})

describe('filters', () => {
  const filtersOf = (params: QueryParams) => parseSourceImageQuery(params).filters

  it('reads exact values typed by field', () => {
    expect(filtersOf({ height: '1200', format: 'PNG', name: 'Plan.JPG' })).toEqual([
      { field: { kind: 'column', name: 'height' }, match: 'exact', value: 1200 },
      { field: { kind: 'column', name: 'format' }, match: 'exact', value: 'png' },
      { field: { kind: 'column', name: 'name' }, match: 'exact', value: 'Plan.JPG' }
    ])
  })

  it('reads decoded rokka.js keys as typed user fields, str by default', () => {
    expect(
      filtersOf({ 'user:int:id': '42', 'user:title': 'x', 'user:latlon:pos': '47.1, 8.5' })
    ).toEqual([
      { field: { kind: 'user', type: 'int', name: 'id' }, match: 'exact', value: 42 },
      { field: { kind: 'user', type: 'str', name: 'title' }, match: 'exact', value: 'x' },
      { field: { kind: 'user', type: 'latlon', name: 'pos' }, match: 'exact', value: '47.1,8.5' }
    ])
  })

  it('reads a trailing * as a prefix', () => {
    expect(filtersOf({ name: 'plan*', name_text: 'Hotel pl*' })).toEqual([
      { field: { kind: 'column', name: 'name' }, match: 'prefix', value: 'plan' },
      { field: { kind: 'column', name: 'name_text' }, match: 'prefix', value: 'Hotel pl' }
    ])
  })

  it('turns short_hash into a lowercase prefix of hash', () => {
    expect(filtersOf({ short_hash: 'ABC123' })).toEqual([
      { field: { kind: 'column', name: 'hash' }, match: 'prefix', value: 'abc123' }
    ])
  })

  it('reads inclusive, exclusive and open ranges', () => {
    const size = { kind: 'column', name: 'size' }
    expect(filtersOf({ size: '[30000,40000]' })).toEqual([
      {
        field: size,
        match: 'range',
        lower: { value: 30000, inclusive: true },
        upper: { value: 40000, inclusive: true }
      }
    ])
    expect(filtersOf({ size: '{30000,40000}' })).toEqual([
      {
        field: size,
        match: 'range',
        lower: { value: 30000, inclusive: false },
        upper: { value: 40000, inclusive: false }
      }
    ])
    expect(filtersOf({ size: '[30000,}' })).toEqual([
      { field: size, match: 'range', lower: { value: 30000, inclusive: true } }
    ])
    expect(filtersOf({ size: '{ , 5 ]' })).toEqual([
      { field: size, match: 'range', upper: { value: 5, inclusive: true } }
    ])
    expect(filtersOf({ size: '[*,*]' })).toEqual([{ field: size, match: 'range' }])
  })

  it('reads quoted date bounds as epoch milliseconds', () => {
    expect(filtersOf({ created: "['2017-01-01T00:00:00Z',}" })).toEqual([
      {
        field: { kind: 'column', name: 'created' },
        match: 'range',
        lower: { value: Date.UTC(2017, 0, 1), inclusive: true }
      }
    ])
    expect(filtersOf({ 'user:str:code': '["a,b",\'c\']' })).toEqual([
      {
        field: { kind: 'user', type: 'str', name: 'code' },
        match: 'range',
        lower: { value: 'a,b', inclusive: true },
        upper: { value: 'c', inclusive: true }
      }
    ])
  })

  it('makes one filter per repeated parameter', () => {
    expect(filtersOf({ 'user:array:tags': ['sea', 'sun'] })).toHaveLength(2)
  })
})

describe('parseSearchDate', () => {
  it('reads dates, zones, fractions and an unencoded + that arrived as a space', () => {
    expect(parseSearchDate('2017-01-01')).toBe(Date.UTC(2017, 0, 1))
    expect(parseSearchDate('2017-01-01T10:20:30Z')).toBe(Date.UTC(2017, 0, 1, 10, 20, 30))
    expect(parseSearchDate('2017-01-01T10:20:30.25Z')).toBe(Date.UTC(2017, 0, 1, 10, 20, 30, 250))
    expect(parseSearchDate('2017-01-01T10:20:30+02:00')).toBe(Date.UTC(2017, 0, 1, 8, 20, 30))
    expect(parseSearchDate('2017-01-01T10:20:30 02:00')).toBe(Date.UTC(2017, 0, 1, 8, 20, 30))
    expect(parseSearchDate('2017-01-01T10:20:30-0130')).toBe(Date.UTC(2017, 0, 1, 11, 50, 30))
  })

  it('rejects impossible dates', () => {
    expect(parseSearchDate('2017-02-30')).toBeUndefined()
    expect(parseSearchDate('2017-01-01T24:00:00Z')).toBeUndefined()
    expect(parseSearchDate('yesterday')).toBeUndefined()
  })
})

describe('sort', () => {
  it('reads fields, directions and user fields with their prefix', () => {
    expect(parseSourceImageQuery({ sort: 'user:int:x desc, name ASC,size' }).sort).toEqual([
      { field: { kind: 'user', type: 'int', name: 'x' }, direction: 'desc' },
      { field: { kind: 'column', name: 'name' }, direction: 'asc' },
      { field: { kind: 'column', name: 'size' }, direction: 'desc' }
    ])
  })

  it('joins repeated sort parameters', () => {
    expect(parseSourceImageQuery({ sort: ['width asc', 'height desc'] }).sort).toEqual([
      { field: { kind: 'column', name: 'width' }, direction: 'asc' },
      { field: { kind: 'column', name: 'height' }, direction: 'desc' }
    ])
  })
})

describe('facets', () => {
  it('canonicalises and de-duplicates facet fields', () => {
    expect(
      parseSourceImageQuery({ facets: 'user:array:tags,user:color,user:str:color' }).facets
    ).toEqual(['user:array:tags', 'user:str:color'])
  })
})

describe('cursors', () => {
  const sort: SortKey[] = [
    { field: { kind: 'user', type: 'int', name: 'n' }, direction: 'asc' },
    { field: { kind: 'column', name: 'name' }, direction: 'desc' }
  ]

  it('round-trips a position and keeps the cursor as the offset', () => {
    const cursor = encodeCursor(sort, { values: [null, 'a.png'], hash: 'ff00' })
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(cursor, sort)).toEqual({ values: [null, 'a.png'], hash: 'ff00' })
    const query = parseSourceImageQuery({ sort: 'user:int:n asc,name desc', offset: cursor })
    expect(query.offset).toBe(cursor)
  })

  it('rejects a cursor made for another sort or with mistyped values', () => {
    const cursor = encodeCursor(sort, { values: [1, 'a.png'], hash: 'ff00' })
    expect(() => decodeCursor(cursor, [created])).toThrow(AppError)
    const newest = encodeCursor([created], { values: ['2020-01-01T00:00:00+00:00'], hash: 'ff00' })
    expect(() => decodeCursor(newest, [{ ...created, direction: 'asc' }])).toThrow(AppError)
    const mistyped = encodeCursor(sort, { values: ['1', 'a.png'], hash: 'ff00' })
    expect(() => decodeCursor(mistyped, sort)).toThrow(AppError)
    const nullName = encodeCursor(sort, { values: [1, null], hash: 'ff00' })
    expect(() => decodeCursor(nullName, sort)).toThrow(AppError)
    const notJson = Buffer.from('{nope', 'utf8').toString('base64url')
    expect(() => decodeCursor(notJson, sort)).toThrow(AppError)
  })
})

describe('errors', () => {
  it('names the parameter and what it expects', () => {
    expect(messageOf({ limit: '2001' })).toBe(
      'Expected an integer between 0 and 2000 for limit but received 2001 of type string'
    )
    expect(messageOf({ limit: '-1' })).toBe(
      'Expected an integer between 0 and 2000 for limit but received -1 of type string'
    )
    expect(messageOf({ limit: ['1', '2'] })).toBe(
      'Expected a single value for limit but received ["1","2"] of type object'
    )
    expect(messageOf({ offset: '10001' })).toBe(
      'offset 10001 is too large: numeric offsets go up to 10000; to page further, pass the cursor of the previous page as offset.'
    )
    expect(messageOf({ offset: 'not a cursor' })).toBe(
      'Expected an integer up to 10000 or a cursor returned by a previous page with the same sort for offset but received not a cursor of type string'
    )
    expect(messageOf({ sort: 'colour desc' })).toBe(
      'Expected a field to sort by: hash, binaryhash, mimetype, size, format, width, height, created, name, deletedDate or user:<type>:<field> for sort but received colour of type string'
    )
    expect(messageOf({ sort: 'name_text asc' })).toContain('for sort but received name_text')
    expect(messageOf({ sort: 'size up' })).toBe(
      'Expected asc or desc after size for sort but received size up of type string'
    )
    expect(messageOf({ deleted: 'yes' })).toBe(
      'Expected true or false for deleted but received yes of type string'
    )
    expect(messageOf({ operator: 'not' })).toBe(
      'Expected and or or for operator but received not of type string'
    )
    expect(messageOf({ binaryHash: 'abc' })).toBe(
      'Expected a SHA-1 of 40 hexadecimal characters for binaryHash but received abc of type string'
    )
    expect(messageOf({ facets: 'user:int:count' })).toBe(
      'Expected user:str:<field> or user:array:<field> for facets but received user:int:count of type string'
    )
  })

  it('rejects unknown fields, also rokka fields Darkroom does not index', () => {
    const hint =
      'filter by hash, short_hash, binaryhash, mimetype, size, format, width, height, created, name, name_text, deletedDate, user:<field>, user:<type>:<field> or dynamic:<type>:<entry>:<field>.'
    expect(messageOf({ colour: 'red' })).toBe(`Unknown search field "colour": ${hint}`)
    expect(messageOf({ from: '2020-01-01' })).toBe(`Unknown search field "from": ${hint}`)
    expect(messageOf({ 'static:str:exif:model': 'x' })).toBe(
      `Unknown search field "static:str:exif:model": ${hint}`
    )
    expect(messageOf({ 'user:float:x': '1' })).toBe(`Unknown search field "user:float:x": ${hint}`)
    expect(messageOf({ 'dynamic:date:version:text': 'x' })).toBe(
      `Unknown search field "dynamic:date:version:text": ${hint}`
    )
    expect(errorOf({ colour: 'red' }).details).toEqual({ parameter: 'colour' })
  })

  it('rejects values of the wrong type', () => {
    expect(messageOf({ size: 'big' })).toBe(
      'Expected an integer for size but received big of type string'
    )
    expect(messageOf({ 'user:int:n': '1.5' })).toBe(
      'Expected an integer for user:int:n but received 1.5 of type string'
    )
    expect(messageOf({ 'user:double:x': '1,5' })).toBe(
      'Expected a number for user:double:x but received 1,5 of type string'
    )
    expect(messageOf({ created: 'yesterday' })).toBe(
      'Expected a date like 2017-01-01T00:00:00Z for created but received yesterday of type string'
    )
    expect(messageOf({ 'user:date:shot': '[2017-02-30,}' })).toBe(
      'Expected a date like 2017-01-01T00:00:00Z for user:date:shot but received 2017-02-30 of type string'
    )
    expect(messageOf({ 'user:latlon:pos': 'here' })).toBe(
      'Expected a location like 47.38,8.52 for user:latlon:pos but received here of type string'
    )
    expect(messageOf({ name_text: '...' })).toBe(
      'Expected one or more words for name_text but received ... of type string'
    )
    expect(messageOf({ short_hash: 'xyz' })).toBe(
      'Expected the start of a hexadecimal hash for short_hash but received xyz of type string'
    )
  })

  it('rejects malformed ranges and misplaced prefixes', () => {
    const range = 'a range like [1,5], {1,5}, [1,} or {,5}'
    expect(messageOf({ size: '[1;5]' })).toBe(
      `Expected ${range} for size but received [1;5] of type string`
    )
    expect(messageOf({ size: '[1,5' })).toBe(
      `Expected ${range} for size but received [1,5 of type string`
    )
    expect(messageOf({ size: '[1,2,3]' })).toBe(
      `Expected ${range} for size but received [1,2,3] of type string`
    )
    expect(messageOf({ 'user:str:x': "['a,}" })).toBe(
      `Expected ${range} for user:str:x but received ['a,} of type string`
    )
    expect(messageOf({ name_text: '[a,b]' })).toBe(
      'Expected one or more words (ranges are not supported on name_text) for name_text but received [a,b] of type string'
    )
    expect(messageOf({ size: '12*' })).toBe(
      'Expected an integer (prefix search with * needs a text field) for size but received 12* of type string'
    )
  })

  it('uses the invalid_option code for bad values and bad_request for unknown fields', () => {
    expect(errorOf({ size: 'big' }).code).toBe('invalid_option')
    expect(errorOf({ colour: 'red' }).code).toBe('bad_request')
  })
})
