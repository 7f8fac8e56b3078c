import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { migrate, type Db } from './db'
import { parseSourceImageQuery, type QueryParams } from './search-query'
import { buildFacetSql, buildSearchSql, splitPage, type SqlParam } from './search-sql'
import { indexUserMetadataValue } from './user-metadata'

interface ImageSeed {
  org?: string
  name: string
  size?: number
  width?: number
  height?: number
  created: string
  binary?: string
  deleted?: string
  meta?: Record<string, unknown>
}

interface Row {
  hash: string
  name: string
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const hashOf = (name: string) => sha1(`image:${name}`)

const MIMETYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif'
}

const createDb = (): Db => {
  const db = new Database(':memory:')
  migrate(db)
  for (const org of ['o1', 'o2']) {
    db.prepare(
      `INSERT INTO organizations (id, name, display_name, billing_email, master_organization, created, signing_key)
       VALUES (?, ?, ?, 'x@example.com', ?, '2017-01-01T00:00:00+00:00', 'key')`
    ).run(org, org, org, org)
  }
  return db
}

/** Inserts rows directly; columns other tests do not care about get neutral values. */
const createInserter = (db: Db) => {
  const required = (
    db.prepare('PRAGMA table_info(source_images)').all() as {
      name: string
      type: string
      notnull: number
      dflt_value: unknown
    }[]
  ).filter((column) => column.notnull === 1 && column.dflt_value === null)
  const given = ['organization_id', 'hash', 'binary_hash', 'name', 'mimetype', 'format', 'size']
  const extra = required.filter(
    (column) => ![...given, 'width', 'height', 'created'].includes(column.name)
  )
  const columns = [...given, 'width', 'height', 'created', 'deleted_date', 'user_metadata']
  const insertImage = db.prepare(
    `INSERT INTO source_images (${[...columns, ...extra.map((c) => c.name)].join(', ')})
     VALUES (${[...columns, ...extra].map(() => '?').join(', ')})`
  )
  const insertMeta = db.prepare(
    'INSERT INTO source_image_meta (organization_id, hash, field, value_text, value_num) VALUES (?, ?, ?, ?, ?)'
  )
  return (seed: ImageSeed): string => {
    const org = seed.org ?? 'o1'
    const hash = hashOf(`${org}/${seed.name}`)
    const binary = seed.binary ?? sha1(`bytes:${seed.name}`)
    const format = seed.name.split('.').pop() ?? 'png'
    const extraValues = extra.map((column) => (/INT|REAL/i.test(column.type) ? 0 : binary))
    insertImage.run(
      org,
      hash,
      binary,
      seed.name,
      MIMETYPES[format] ?? 'image/png',
      format,
      seed.size ?? 1000,
      seed.width ?? 100,
      seed.height ?? 100,
      seed.created,
      seed.deleted ?? null,
      JSON.stringify(seed.meta ?? {}),
      ...extraValues
    )
    for (const [key, value] of Object.entries(seed.meta ?? {})) {
      for (const row of indexUserMetadataValue(key, value)) {
        insertMeta.run(org, hash, row.field, row.text, row.num)
      }
    }
    return hash
  }
}

const runSearch = (db: Db, params: QueryParams, org = 'o1') => {
  const query = parseSourceImageQuery(params)
  const sql = buildSearchSql(org, query)
  const total = (db.prepare(sql.countSql).get(...sql.countParams) as { total: number }).total
  const rows = db.prepare<SqlParam[], Row>(sql.pageSql).all(...sql.pageParams)
  const page = splitPage(query, rows)
  return { total, names: page.rows.map((row) => row.name), cursor: page.nextCursor, sql }
}

const BINARY_SHARED = sha1('shared bytes')

describe('buildSearchSql on a small library', () => {
  let db: Db
  const names = (params: QueryParams) => runSearch(db, params).names

  beforeAll(() => {
    db = createDb()
    const insert = createInserter(db)
    insert({
      name: 'plan-hotel.jpg',
      size: 30000,
      width: 1200,
      height: 800,
      created: '2017-01-01T00:00:00+00:00',
      binary: BINARY_SHARED,
      meta: {
        'int:count': 3,
        title: 'Sunset',
        'double:ratio': 1.5,
        'date:shot': '2020-05-01T10:00:00Z',
        'array:tags': ['sea', 'sun'],
        'text:caption': 'A quiet Evening at sea',
        'latlon:pos': '47.38,8.52'
      }
    })
    insert({
      name: 'Plan_B.png',
      size: 40000,
      width: 800,
      height: 1200,
      created: '2017-06-01T12:00:00+00:00',
      meta: {
        'int:count': 10,
        title: 'Sunrise',
        'double:ratio': 0.75,
        'date:shot': '2021-01-01T00:00:00Z',
        'array:tags': ['sun', 'mountain']
      }
    })
    insert({
      name: 'hotel-lobby.png',
      size: 35000,
      width: 1200,
      height: 1200,
      created: '2016-12-31T23:59:59+00:00',
      binary: BINARY_SHARED,
      meta: { 'int:count': 7, title: 'lobby', 'array:tags': ['sun'] }
    })
    insert({
      name: 'ÜBER Zürich.webp',
      size: 50000,
      width: 640,
      height: 480,
      created: '2018-03-03T03:03:03+00:00'
    })
    insert({
      name: 'gone.gif',
      size: 1000,
      created: '2015-01-01T00:00:00+00:00',
      deleted: '2019-01-01T00:00:00+00:00',
      meta: { 'int:count': 3 }
    })
    insert({
      org: 'o2',
      name: 'plan-other.jpg',
      created: '2017-01-01T00:00:00+00:00',
      meta: { 'int:count': 3 }
    })
  })

  it('lists the live images of one organization, newest first', () => {
    expect(runSearch(db, {})).toMatchObject({
      total: 4,
      names: ['ÜBER Zürich.webp', 'Plan_B.png', 'plan-hotel.jpg', 'hotel-lobby.png'],
      cursor: undefined
    })
  })

  it('filters columns by exact value', () => {
    expect(names({ height: '1200' })).toEqual(['Plan_B.png', 'hotel-lobby.png'])
    expect(names({ format: 'PNG' })).toEqual(['Plan_B.png', 'hotel-lobby.png'])
    expect(names({ mimetype: 'image/jpeg' })).toEqual(['plan-hotel.jpg'])
    expect(names({ name: 'plan-hotel.jpg' })).toEqual(['plan-hotel.jpg'])
    expect(names({ hash: hashOf('o1/Plan_B.png') })).toEqual(['Plan_B.png'])
    expect(names({ binaryhash: BINARY_SHARED })).toEqual(['plan-hotel.jpg', 'hotel-lobby.png'])
    expect(names({ created: '2017-01-01' })).toEqual(['plan-hotel.jpg'])
    expect(names({ created: '2017-01-01T01:00:00+01:00' })).toEqual(['plan-hotel.jpg'])
  })

  it('filters by prefix, case-sensitively for names', () => {
    expect(names({ name: 'plan*' })).toEqual(['plan-hotel.jpg'])
    expect(names({ name: 'Plan*' })).toEqual(['Plan_B.png'])
    expect(names({ short_hash: hashOf('o1/hotel-lobby.png').slice(0, 6) })).toEqual([
      'hotel-lobby.png'
    ])
    expect(names({ name: '*' })).toHaveLength(4)
  })

  it('treats GLOB characters in a prefix literally and binds every value', () => {
    const { names: found, sql } = runSearch(db, { name: 'pl?n[*', 'user:title': "O'Brien" })
    expect(found).toEqual([])
    expect(sql.pageSql).not.toContain('pl?n')
    expect(sql.pageSql).not.toContain('Brien')
  })

  it('filters by inclusive, exclusive and open ranges', () => {
    expect(names({ size: '[30000,40000]' })).toEqual([
      'Plan_B.png',
      'plan-hotel.jpg',
      'hotel-lobby.png'
    ])
    expect(names({ size: '{30000,40000}' })).toEqual(['hotel-lobby.png'])
    expect(names({ size: '[35000,}' })).toEqual([
      'ÜBER Zürich.webp',
      'Plan_B.png',
      'hotel-lobby.png'
    ])
    expect(names({ size: '{35000,}' })).toEqual(['ÜBER Zürich.webp', 'Plan_B.png'])
    expect(names({ size: '{,35000]' })).toEqual(['plan-hotel.jpg', 'hotel-lobby.png'])
    expect(names({ size: '[,35000}' })).toEqual(['plan-hotel.jpg'])
    expect(names({ size: '[,]' })).toHaveLength(4)
  })

  it('filters dates by range, including zones and fractions of a second', () => {
    expect(names({ created: "['2017-01-01T00:00:00Z',}" })).toEqual([
      'ÜBER Zürich.webp',
      'Plan_B.png',
      'plan-hotel.jpg'
    ])
    expect(names({ created: "{'2017-01-01T00:00:00Z',}" })).toEqual([
      'ÜBER Zürich.webp',
      'Plan_B.png'
    ])
    expect(names({ created: '[2016-12-31T23:59:59.500Z,2017-01-01T00:00:00.500Z]' })).toEqual([
      'plan-hotel.jpg'
    ])
    expect(names({ created: '{2017-01-01T00:00:00+01:00,2017-06-01T13:00:00+01:00]' })).toEqual([
      'Plan_B.png',
      'plan-hotel.jpg',
      'hotel-lobby.png'
    ])
  })

  it('matches whole words of the name case-insensitively', () => {
    expect(names({ name_text: 'hotel' })).toEqual(['plan-hotel.jpg', 'hotel-lobby.png'])
    expect(names({ name_text: 'HOTEL Plan' })).toEqual(['plan-hotel.jpg'])
    expect(names({ name_text: 'otel' })).toEqual([])
    expect(names({ name_text: 'b' })).toEqual(['Plan_B.png'])
    expect(names({ name_text: 'über' })).toEqual(['ÜBER Zürich.webp'])
    expect(names({ name_text: 'ZÜRICH' })).toEqual(['ÜBER Zürich.webp'])
    expect(names({ name_text: 'rich' })).toEqual([])
    expect(names({ name_text: 'ho*' })).toEqual(['plan-hotel.jpg', 'hotel-lobby.png'])
  })

  it('filters user metadata of every type', () => {
    expect(names({ 'user:int:count': '3' })).toEqual(['plan-hotel.jpg'])
    expect(names({ 'user:int:count': '[5,}' })).toEqual(['Plan_B.png', 'hotel-lobby.png'])
    expect(names({ 'user:int:count': '{3,10}' })).toEqual(['hotel-lobby.png'])
    expect(names({ 'user:double:ratio': '[1,2]' })).toEqual(['plan-hotel.jpg'])
    expect(names({ 'user:double:ratio': '0.75' })).toEqual(['Plan_B.png'])
    expect(names({ 'user:date:shot': '[2020-06-01T00:00:00Z,}' })).toEqual(['Plan_B.png'])
    expect(names({ 'user:date:shot': '2020-05-01T12:00:00+02:00' })).toEqual(['plan-hotel.jpg'])
    expect(names({ 'user:str:title': 'Sun*' })).toEqual(['Plan_B.png', 'plan-hotel.jpg'])
    expect(names({ 'user:title': 'Sunset' })).toEqual(['plan-hotel.jpg'])
    expect(names({ 'user:title': 'sunset' })).toEqual([])
    expect(names({ 'user:array:tags': 'mountain' })).toEqual(['Plan_B.png'])
    expect(names({ 'user:array:tags': 'sun' })).toEqual([
      'Plan_B.png',
      'plan-hotel.jpg',
      'hotel-lobby.png'
    ])
    expect(names({ 'user:array:tags': ['sea', 'sun'] })).toEqual(['plan-hotel.jpg'])
    expect(names({ 'user:text:caption': 'evening' })).toEqual(['plan-hotel.jpg'])
    expect(names({ 'user:text:caption': 'even' })).toEqual([])
    expect(names({ 'user:latlon:pos': '47.38, 8.52' })).toEqual(['plan-hotel.jpg'])
    expect(names({ 'user:str:missing': '[,]' })).toEqual([])
  })

  it('combines filters with and (default) or with or', () => {
    expect(names({ height: '1200', 'user:int:count': '3' })).toEqual([])
    expect(names({ height: '1200', 'user:int:count': '3', operator: 'or' })).toEqual([
      'Plan_B.png',
      'plan-hotel.jpg',
      'hotel-lobby.png'
    ])
    expect(names({ height: '1200', operator: 'or', binaryHash: BINARY_SHARED })).toEqual([
      'hotel-lobby.png'
    ])
  })

  it('lists deleted images only when asked', () => {
    expect(names({ deleted: 'true' })).toEqual(['gone.gif'])
    expect(names({ deleted: 'true', deletedDate: '[2018-12-31T00:00:00Z,}' })).toEqual(['gone.gif'])
    expect(names({ deleted: 'true', deletedDate: '{2019-01-01T00:00:00Z,}' })).toEqual([])
    expect(names({ 'user:int:count': '3', deleted: 'true' })).toEqual(['gone.gif'])
  })

  it('finds every hash variant of a binary', () => {
    expect(names({ binaryHash: BINARY_SHARED })).toEqual(['plan-hotel.jpg', 'hotel-lobby.png'])
    expect(names({ binaryHash: BINARY_SHARED }).length).toBe(2)
    expect(runSearch(db, { binaryHash: sha1('nothing') }).total).toBe(0)
  })

  it('keeps organizations apart', () => {
    expect(runSearch(db, { 'user:int:count': '3' }, 'o2').names).toEqual(['plan-other.jpg'])
  })

  it('sorts by a column either way', () => {
    const bySize = ['plan-hotel.jpg', 'hotel-lobby.png', 'Plan_B.png', 'ÜBER Zürich.webp']
    expect(names({ sort: 'size asc' })).toEqual(bySize)
    expect(names({ sort: 'size desc' })).toEqual([...bySize].reverse())
    expect(names({ sort: 'size' })).toEqual([...bySize].reverse())
    expect(names({ sort: 'created asc' })).toEqual([
      'hotel-lobby.png',
      'plan-hotel.jpg',
      'Plan_B.png',
      'ÜBER Zürich.webp'
    ])
    expect(names({ sort: 'name asc' })).toEqual([
      'Plan_B.png',
      'hotel-lobby.png',
      'plan-hotel.jpg',
      'ÜBER Zürich.webp'
    ])
  })

  it('sorts by a user field with missing values last', () => {
    expect(names({ sort: 'user:int:count desc' })).toEqual([
      'Plan_B.png',
      'hotel-lobby.png',
      'plan-hotel.jpg',
      'ÜBER Zürich.webp'
    ])
    expect(names({ sort: 'user:int:count asc' })).toEqual([
      'plan-hotel.jpg',
      'hotel-lobby.png',
      'Plan_B.png',
      'ÜBER Zürich.webp'
    ])
    expect(names({ sort: 'user:title asc' })).toEqual([
      'Plan_B.png',
      'plan-hotel.jpg',
      'hotel-lobby.png',
      'ÜBER Zürich.webp'
    ])
  })

  it('sorts arrays by their smallest value ascending and largest descending', () => {
    expect(names({ sort: 'user:array:tags asc', 'user:array:tags': 'sun' })).toEqual([
      'Plan_B.png',
      'plan-hotel.jpg',
      'hotel-lobby.png'
    ])
    expect(names({ sort: 'user:array:tags desc,name desc', 'user:array:tags': 'sun' })).toEqual([
      'plan-hotel.jpg',
      'hotel-lobby.png',
      'Plan_B.png'
    ])
  })

  it('sorts by several keys', () => {
    expect(names({ sort: 'width desc,height asc' })).toEqual([
      'plan-hotel.jpg',
      'hotel-lobby.png',
      'Plan_B.png',
      'ÜBER Zürich.webp'
    ])
    expect(names({ sort: 'format asc,size desc' })).toEqual([
      'plan-hotel.jpg',
      'Plan_B.png',
      'hotel-lobby.png',
      'ÜBER Zürich.webp'
    ])
  })

  it('pages by offset', () => {
    expect(runSearch(db, { limit: '3' })).toMatchObject({
      total: 4,
      names: ['ÜBER Zürich.webp', 'Plan_B.png', 'plan-hotel.jpg']
    })
    expect(runSearch(db, { limit: '3' }).cursor).toEqual(expect.any(String))
    expect(runSearch(db, { limit: '3', offset: '3' })).toMatchObject({
      total: 4,
      names: ['hotel-lobby.png'],
      cursor: undefined
    })
    expect(runSearch(db, { limit: '2', offset: '2' }).cursor).toBeUndefined()
    expect(runSearch(db, { limit: '0' })).toMatchObject({ total: 4, names: [], cursor: undefined })
  })

  it('continues from a numeric page with its cursor', () => {
    const first = runSearch(db, { limit: '1', offset: '1', sort: 'size asc' })
    expect(first.names).toEqual(['hotel-lobby.png'])
    const next = runSearch(db, { limit: '5', offset: first.cursor ?? '', sort: 'size asc' })
    expect(next.names).toEqual(['Plan_B.png', 'ÜBER Zürich.webp'])
  })

  it('counts facet values over the matching images', () => {
    const facet = (params: QueryParams, field: string) => {
      const sql = buildFacetSql('o1', parseSourceImageQuery(params), field)
      return db.prepare<SqlParam[], { value: string; count: number }>(sql.sql).all(...sql.params)
    }
    expect(facet({}, 'user:array:tags')).toEqual([
      { value: 'sun', count: 3 },
      { value: 'mountain', count: 1 },
      { value: 'sea', count: 1 }
    ])
    expect(facet({ height: '1200' }, 'user:array:tags')).toEqual([
      { value: 'sun', count: 2 },
      { value: 'mountain', count: 1 }
    ])
    expect(facet({ limit: '1', offset: '3' }, 'user:title')).toEqual([
      { value: 'Sunrise', count: 1 },
      { value: 'Sunset', count: 1 },
      { value: 'lobby', count: 1 }
    ])
    expect(() => facet({}, 'user:int:count')).toThrow(
      'Expected user:str:<field> or user:array:<field> for facets but received user:int:count of type string'
    )
  })
})

describe('cursor paging', () => {
  let db: Db
  const IMAGES = 23

  beforeAll(() => {
    db = createDb()
    const insert = createInserter(db)
    for (let i = 0; i < IMAGES; i++) {
      // Ties in created, size and count, and missing counts, test the tiebreaker and NULL handling.
      const second = String(Math.floor(i / 3)).padStart(2, '0')
      insert({
        name: `img-${String((i * 7) % IMAGES).padStart(2, '0')}.png`,
        size: 100 * (i % 4),
        created: `2020-01-01T00:00:${second}+00:00`,
        meta: i % 4 === 0 ? {} : { 'int:count': i % 5, 'date:shot': `2019-0${(i % 3) + 1}-01` }
      })
    }
    insert({
      name: 'old.png',
      created: '2010-01-01T00:00:00+00:00',
      deleted: '2020-01-01T00:00:00+00:00'
    })
  })

  const SORTS = [
    undefined,
    'created asc',
    'size asc,created desc',
    'size desc,name asc',
    'user:int:count asc',
    'user:int:count desc',
    'user:date:shot asc,user:int:count desc',
    'name desc'
  ]

  it.each(SORTS)('returns every image exactly once across pages (sort %s)', (sort) => {
    const base: QueryParams = sort === undefined ? {} : { sort }
    const all = runSearch(db, { ...base, limit: '2000' })
    expect(all.total).toBe(IMAGES)
    expect(all.names).toHaveLength(IMAGES)
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = runSearch(db, { ...base, limit: '5', ...(cursor ? { offset: cursor } : {}) })
      expect(page.total).toBe(IMAGES)
      seen.push(...page.names)
      cursor = page.cursor
      pages++
    } while (cursor !== undefined && pages < 20)
    expect(pages).toBe(5)
    expect(seen).toEqual(all.names)
    expect(new Set(seen).size).toBe(IMAGES)
  })

  it('pages by cursor within a filter', () => {
    const base = { 'user:int:count': '[1,3]', sort: 'user:int:count desc' }
    const all = runSearch(db, { ...base, limit: '2000' }).names
    const first = runSearch(db, { ...base, limit: '4' })
    const second = runSearch(db, { ...base, limit: '100', offset: first.cursor ?? '' })
    expect([...first.names, ...second.names]).toEqual(all)
    expect(second.cursor).toBeUndefined()
  })

  it('rejects a cursor used with another sort', () => {
    const { cursor } = runSearch(db, { limit: '5' })
    expect(() => runSearch(db, { limit: '5', sort: 'size asc', offset: cursor ?? '' })).toThrow(
      /^Expected an integer up to 10000 or a cursor returned by a previous page with the same sort for offset/
    )
  })
})

describe('search performance', () => {
  const ROWS = 100_000

  it('uses indexes for a user metadata filter and the default sort on 100,000 images', () => {
    const db = createDb()
    const insertImage = createInserter(db)
    db.transaction(() => {
      for (let i = 0; i < ROWS; i++) {
        insertImage({
          name: `photo-${i}.jpg`,
          size: i,
          created: new Date(Date.UTC(2020, 0, 1) + i * 1000)
            .toISOString()
            .replace('.000Z', '+00:00'),
          binary: sha1(String(i)),
          meta: { 'int:n': i % 1000, 'array:tags': [`t${i % 50}`] }
        })
      }
    })()
    const planOf = (params: QueryParams) => {
      const sql = buildSearchSql('o1', parseSourceImageQuery(params))
      const details = (sql: string, params: SqlParam[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
          (row) => row.detail
        )
      return [...details(sql.pageSql, sql.pageParams), ...details(sql.countSql, sql.countParams)]
    }

    const filtered = planOf({ 'user:int:n': '42' })
    expect(filtered).toContainEqual(
      expect.stringMatching(/^SEARCH m USING COVERING INDEX source_image_meta_num/)
    )
    expect(filtered.filter((line) => /^SCAN (m|source_image_meta)\b/.test(line))).toEqual([])

    const listed = planOf({})
    expect(listed).toContain(
      'SEARCH s USING INDEX source_images_created (organization_id=? AND deleted_date=?)'
    )
    expect(listed.filter((line) => /TEMP B-TREE|^SCAN/.test(line))).toEqual([])

    const userSorted = planOf({ sort: 'user:int:n desc' })
    expect(userSorted).toContain(
      'SEARCH m USING INDEX source_image_meta_image (organization_id=? AND hash=?)'
    )

    const started = performance.now()
    const result = runSearch(db, { 'user:int:n': '42', limit: '10' })
    const cursorPage = runSearch(db, {
      'user:int:n': '42',
      limit: '10',
      offset: result.cursor ?? ''
    })
    const sortedByUser = runSearch(db, { sort: 'user:int:n desc', limit: '10' })
    const elapsed = performance.now() - started
    expect(result.total).toBe(100)
    expect(cursorPage.names).toHaveLength(10)
    expect(sortedByUser.names[0]).toMatch(/^photo-\d*999\.jpg$/)
    expect(elapsed).toBeLessThan(5000)
  })
})
