import {
  decodeCursor,
  encodeCursor,
  isNullableField,
  parseFacetField,
  splitWords,
  valueKind,
  type ColumnField,
  type CursorPosition,
  type FilterValue,
  type SearchField,
  type SearchFilter,
  type SortKey,
  type SourceImageQuery
} from './search-query'

/** A value bound to a `?` placeholder. */
export type SqlParam = string | number | null

/** The statements of one search: the total, and one page of `s.*` plus `sort_key_<i>` columns. */
export interface SearchSql {
  countSql: string
  countParams: SqlParam[]
  /** Returns up to `limit + 1` rows: a row beyond `limit` only tells that another page exists. */
  pageSql: string
  pageParams: SqlParam[]
}

/** A statement with its parameters in placeholder order. */
export interface BoundSql {
  sql: string
  params: SqlParam[]
}

/** A row of the page query, as far as paging needs it. */
export type PageRow = { hash: string }

/** Maximum number of values a facet returns. */
export const MAX_FACET_VALUES = 1000

const COLUMN_SQL: Record<ColumnField, string> = {
  hash: 's.hash',
  short_hash: 's.hash',
  binaryhash: 's.binary_hash',
  mimetype: 's.mimetype',
  size: 's.size',
  format: 's.format',
  width: 's.width',
  height: 's.height',
  created: 's.created',
  name: 's.name',
  name_text: 's.name',
  deletedDate: 's.deleted_date'
}

const bound = (sql: string, ...params: SqlParam[]): BoundSql => ({ sql, params })

const parens = (part: BoundSql): BoundSql => bound(`(${part.sql})`, ...part.params)

const joinSql = (parts: readonly BoundSql[], separator: string): BoundSql => ({
  sql: parts.map((part) => part.sql).join(separator),
  params: parts.flatMap((part) => part.params)
})

const metaValueColumn = (field: SearchField): string => {
  const kind = valueKind(field)
  return kind === 'integer' || kind === 'number' || kind === 'date' ? 'm.value_num' : 'm.value_text'
}

const metaKey = (field: Extract<SearchField, { kind: 'user' }>): string =>
  `${field.type}:${field.name}`

/**
 * source_images keeps dates as RFC 3339 text with `+00:00`;
 * '+' sorts before '.', so sub-second bounds still compare right.
 */
const columnDateText = (millis: number): string =>
  new Date(millis).toISOString().replace('.000Z', '+00:00').replace('Z', '+00:00')

const paramFor = (field: SearchField, value: FilterValue): SqlParam =>
  field.kind === 'column' && valueKind(field) === 'date' && typeof value === 'number'
    ? columnDateText(value)
    : value

const escapeGlob = (text: string): string => text.replace(/[*?[]/g, (char) => `[${char}]`)

const WORD_BOUNDARY = '[^0-9A-Za-z\u0080-\u{10FFFF}]'

/** A GLOB class per letter (`[eE]`) makes the word match case-insensitive beyond ASCII. */
const caseInsensitiveGlob = (word: string): string =>
  Array.from(word, (char) => {
    const variants = new Set(
      [char, char.toLowerCase(), char.toUpperCase()].filter((v) => Array.from(v).length === 1)
    )
    return variants.size > 1 ? `[${[...variants].join('')}]` : char
  }).join('')

const wordPattern = (word: string, isPrefix: boolean): string =>
  `*${WORD_BOUNDARY}${caseInsensitiveGlob(word)}${isPrefix ? '' : WORD_BOUNDARY}*`

const wordsCondition = (expr: string, text: string, lastIsPrefix: boolean): BoundSql => {
  const words = splitWords(text)
  return joinSql(
    words.map((word, index) =>
      bound(
        `(' ' || ${expr} || ' ') GLOB ?`,
        wordPattern(word, lastIsPrefix && index === words.length - 1)
      )
    ),
    ' AND '
  )
}

const valueCondition = (expr: string, filter: SearchFilter): BoundSql => {
  const { field } = filter
  if (valueKind(field) === 'words' && filter.match !== 'range') {
    return wordsCondition(expr, String(filter.value), filter.match === 'prefix')
  }
  switch (filter.match) {
    case 'exact':
      return bound(`${expr} = ?`, paramFor(field, filter.value))
    case 'prefix':
      return bound(`${expr} GLOB ?`, `${escapeGlob(filter.value)}*`)
    case 'range': {
      const parts: BoundSql[] = []
      if (filter.lower) {
        const op = filter.lower.inclusive ? '>=' : '>'
        parts.push(bound(`${expr} ${op} ?`, paramFor(field, filter.lower.value)))
      }
      if (filter.upper) {
        const op = filter.upper.inclusive ? '<=' : '<'
        parts.push(bound(`${expr} ${op} ?`, paramFor(field, filter.upper.value)))
      }
      return parts.length > 0 ? joinSql(parts, ' AND ') : bound(`${expr} IS NOT NULL`)
    }
  }
}

/**
 * A field of a dynamic metadata entry, read from the image row's JSON (an image has few entries).
 * Entry and field names are `[a-z0-9_]` (checked when parsed), so the path is safe as a literal.
 */
const dynamicValue = (field: Extract<SearchField, { kind: 'dynamic' }>): string =>
  `json_extract(s.dynamic_metadata, '$.${field.entry}.${field.name}')`

const filterCondition = (orgId: string, filter: SearchFilter): BoundSql => {
  const { field } = filter
  if (field.kind === 'column') return valueCondition(COLUMN_SQL[field.name], filter)
  if (field.kind === 'dynamic') return valueCondition(dynamicValue(field), filter)
  const inner = valueCondition(metaValueColumn(field), filter)
  return bound(
    `s.hash IN (SELECT m.hash FROM source_image_meta m WHERE m.organization_id = ? AND m.field = ? AND ${inner.sql})`,
    orgId,
    metaKey(field),
    ...inner.params
  )
}

const whereClause = (orgId: string, query: SourceImageQuery): BoundSql => {
  const parts = [
    bound('s.organization_id = ?', orgId),
    bound(query.deleted ? 's.deleted_date IS NOT NULL' : 's.deleted_date IS NULL')
  ]
  if (query.binaryHash !== undefined) parts.push(bound('s.binary_hash = ?', query.binaryHash))
  const filters = query.filters.map((filter) => parens(filterCondition(orgId, filter)))
  if (query.operator === 'or' && filters.length > 0) {
    parts.push(parens(joinSql(filters, ' OR ')))
  } else {
    parts.push(...filters)
  }
  return joinSql(parts, ' AND ')
}

/**
 * Ascending sorts use the smallest of several values, descending the largest (as rokka does).
 * `+m.field` keeps SQLite from answering MIN/MAX by walking a whole field's value index, and
 * `INDEXED BY` from reading a whole organization's values through a value index because it
 * happens to cover the columns (before statistics exist, that looks cheap to the planner).
 */
const sortExpr = (key: SortKey): BoundSql => {
  const { field } = key
  if (field.kind === 'column') return bound(COLUMN_SQL[field.name])
  if (field.kind === 'dynamic') return bound(dynamicValue(field))
  const aggregate = key.direction === 'asc' ? 'MIN' : 'MAX'
  return bound(
    `(SELECT ${aggregate}(${metaValueColumn(field)}) FROM source_image_meta m INDEXED BY source_image_meta_image WHERE m.organization_id = s.organization_id AND m.hash = s.hash AND +m.field = ?)`,
    metaKey(field)
  )
}

const tieDirection = (sort: readonly SortKey[]): SortKey['direction'] =>
  sort[sort.length - 1]?.direction ?? 'desc'

/** SQLite puts NULLs first when ascending; missing values go last either way. */
const orderTerm = (key: SortKey, index: number): string => {
  const nullsLast = key.direction === 'asc' && isNullableField(key.field)
  return `sort_key_${index} ${key.direction.toUpperCase()}${nullsLast ? ' NULLS LAST' : ''}`
}

/** Rows strictly after `position` in the order of `sort` (NULLs last, then hash). */
const keysetCondition = (sort: readonly SortKey[], position: CursorPosition): BoundSql => {
  const alternatives: BoundSql[] = []
  const equalSoFar: BoundSql[] = []
  for (const [index, key] of sort.entries()) {
    const expr = sortExpr(key)
    const value = position.values[index] ?? null
    const nullable = isNullableField(key.field)
    const beyond = key.direction === 'asc' ? '>' : '<'
    if (value !== null) {
      const after = nullable
        ? bound(
            `(${expr.sql} ${beyond} ? OR ${expr.sql} IS NULL)`,
            ...expr.params,
            value,
            ...expr.params
          )
        : bound(`${expr.sql} ${beyond} ?`, ...expr.params, value)
      alternatives.push(joinSql([...equalSoFar, after], ' AND '))
      equalSoFar.push(bound(`${expr.sql} = ?`, ...expr.params, value))
    } else {
      equalSoFar.push(bound(`${expr.sql} IS NULL`, ...expr.params))
    }
  }
  const tie = bound(`s.hash ${tieDirection(sort) === 'asc' ? '>' : '<'} ?`, position.hash)
  alternatives.push(joinSql([...equalSoFar, tie], ' AND '))
  const later = joinSql(alternatives.map(parens), ' OR ')
  const first = sort[0]
  const firstValue = position.values[0] ?? null
  // A plain bound on the first key lets SQLite seek its index instead of testing every row.
  if (first && firstValue !== null && !isNullableField(first.field)) {
    const expr = sortExpr(first)
    const op = first.direction === 'asc' ? '>=' : '<='
    return bound(
      `${expr.sql} ${op} ? AND (${later.sql})`,
      ...expr.params,
      firstValue,
      ...later.params
    )
  }
  return parens(later)
}

/**
 * Compiles a parsed query for one organization into a count and a page statement over
 * `source_images s`. Rows are ordered by the sort keys, then by hash; a cursor offset pages by
 * keyset, a numeric one by OFFSET. Every value is a bound parameter.
 */
export const buildSearchSql = (orgId: string, query: SourceImageQuery): SearchSql => {
  const where = whereClause(orgId, query)
  const select = joinSql(
    query.sort.map((key, index) => {
      const expr = sortExpr(key)
      return bound(`${expr.sql} AS sort_key_${index}`, ...expr.params)
    }),
    ', '
  )
  const conditions = [where]
  if (typeof query.offset === 'string') {
    conditions.push(keysetCondition(query.sort, decodeCursor(query.offset, query.sort)))
  }
  const filter = joinSql(conditions, ' AND ')
  const order = [
    ...query.sort.map(orderTerm),
    `s.hash ${tieDirection(query.sort).toUpperCase()}`
  ].join(', ')
  const offset = typeof query.offset === 'number' ? query.offset : 0
  return {
    countSql: `SELECT COUNT(*) AS total FROM source_images s WHERE ${where.sql}`,
    countParams: where.params,
    pageSql: `SELECT s.*, ${select.sql} FROM source_images s WHERE ${filter.sql} ORDER BY ${order} LIMIT ? OFFSET ?`,
    pageParams: [...select.params, ...filter.params, query.limit + 1, offset]
  }
}

const cursorValue = (value: unknown): string | number | null =>
  typeof value === 'string' || typeof value === 'number' ? value : null

/**
 * Cuts the page query's rows to `limit` and, when another page exists, makes the cursor that
 * continues after the last row kept.
 */
export const splitPage = <T extends PageRow>(
  query: SourceImageQuery,
  rows: readonly T[]
): { rows: T[]; nextCursor?: string } => {
  const page = rows.slice(0, query.limit)
  const last = page[page.length - 1]
  if (rows.length <= query.limit || last === undefined) return { rows: page }
  const columns: Record<string, unknown> = { ...last }
  const values = query.sort.map((_, index) => cursorValue(columns[`sort_key_${index}`]))
  return { rows: page, nextCursor: encodeCursor(query.sort, { values, hash: last.hash }) }
}

/**
 * Top values (at most 1000, most frequent first, then by value) of a `user:str:*` or
 * `user:array:*` field over the images the query matches, ignoring paging. Rows are
 * `{ value: string, count: number }`; an image counts once per distinct value.
 */
export const buildFacetSql = (
  orgId: string,
  query: SourceImageQuery,
  facetField: string
): BoundSql => {
  const key = parseFacetField(facetField).slice('user:'.length)
  const where = whereClause(orgId, query)
  return {
    sql: [
      'SELECT m.value_text AS value, COUNT(DISTINCT m.hash) AS count FROM source_image_meta m',
      'WHERE m.organization_id = ? AND m.field = ?',
      `AND m.hash IN (SELECT s.hash FROM source_images s WHERE ${where.sql})`,
      'GROUP BY m.value_text ORDER BY count DESC, value ASC LIMIT ?'
    ].join(' '),
    params: [orgId, key, ...where.params, MAX_FACET_VALUES]
  }
}
