import { badRequest, invalidOption } from '../errors'
import { parseUserMetadataField, type UserMetadataType } from './user-metadata'

/** Source image properties that can be filtered, spelled as rokka's search spells them. */
export const COLUMN_FIELDS = [
  'hash',
  'short_hash',
  'binaryhash',
  'mimetype',
  'size',
  'format',
  'width',
  'height',
  'created',
  'name',
  'name_text',
  'deletedDate'
] as const
export type ColumnField = (typeof COLUMN_FIELDS)[number]

/** A searchable field: a property of the image, or a user metadata field with its type. */
export type SearchField =
  | { kind: 'column'; name: ColumnField }
  | { kind: 'user'; type: UserMetadataType; name: string }
  | { kind: 'dynamic'; type: DynamicFieldType; entry: string; name: string }

/** Types a dynamic metadata field can be searched as (`dynamic:int:subject_area:width`). */
export type DynamicFieldType = 'str' | 'int' | 'double'
const DYNAMIC_FIELD = /^dynamic:(?:(str|int|double):)?([a-z0-9_]+):([a-z0-9_]{1,54})$/

/**
 * How a field's values are written and compared: `keyword` exact text (also prefix and
 * lexicographic ranges), `words` tokenised text, `integer`/`number` numeric, `date` epoch
 * milliseconds, `latlon` a `"lat,lon"` pair (exact only).
 */
export type ValueKind = 'keyword' | 'words' | 'integer' | 'number' | 'date' | 'latlon'

/** A filter value: text for text kinds, a number for numeric ones, epoch milliseconds for dates. */
export type FilterValue = string | number

/** One end of a range; a missing bound leaves that side open. */
export interface RangeBound {
  value: FilterValue
  inclusive: boolean
}

/**
 * One `field=value` condition. For `words` fields `exact` means every word occurs and
 * `prefix` means the same, with the last word matched as a word prefix.
 */
export type SearchFilter =
  | { field: SearchField; match: 'exact'; value: FilterValue }
  | { field: SearchField; match: 'prefix'; value: string }
  | { field: SearchField; match: 'range'; lower?: RangeBound; upper?: RangeBound }

export type SortDirection = 'asc' | 'desc'

export interface SortKey {
  field: SearchField
  direction: SortDirection
}

/** The parsed query of `GET /sourceimages/{org}`. */
export interface SourceImageQuery {
  /** Page size, 0–2000 (default 100); 0 asks only for the total and facets. */
  limit: number
  /** A row offset (at most 10000) or an opaque cursor from a previous page. */
  offset: number | string
  /** Sort keys in order of precedence (default `created desc`); `hash` breaks ties. */
  sort: SortKey[]
  filters: SearchFilter[]
  /** How filters combine. */
  operator: 'and' | 'or'
  /** true lists only deleted images, false only live ones. */
  deleted: boolean
  /** Lowercase SHA-1 of the binary: lists every hash variant of it. */
  binaryHash?: string
  /** Facet fields, canonical (`user:str:color`, `user:array:tags`). */
  facets: string[]
}

/** The place after the last item of a page, for keyset paging: one value per sort key + hash. */
export interface CursorPosition {
  values: (string | number | null)[]
  hash: string
}

/** Raw query parameters as Fastify parses them. */
export type QueryParams = Record<string, string | string[] | undefined>

export const MAX_LIMIT = 2000
export const DEFAULT_LIMIT = 100
export const MAX_OFFSET = 10000

const DEFAULT_SORT: SortKey[] = [{ field: { kind: 'column', name: 'created' }, direction: 'desc' }]
const RESERVED = new Set(['limit', 'offset', 'sort', 'facets', 'deleted', 'operator', 'binaryHash'])
const COLUMN_KINDS: Record<ColumnField, ValueKind> = {
  hash: 'keyword',
  short_hash: 'keyword',
  binaryhash: 'keyword',
  mimetype: 'keyword',
  size: 'integer',
  format: 'keyword',
  width: 'integer',
  height: 'integer',
  created: 'date',
  name: 'keyword',
  name_text: 'words',
  deletedDate: 'date'
}
const USER_KINDS: Record<UserMetadataType, ValueKind> = {
  str: 'keyword',
  text: 'words',
  int: 'integer',
  double: 'number',
  date: 'date',
  latlon: 'latlon',
  array: 'keyword',
  array_text: 'words'
}
const EXPECTED: Record<ValueKind, string> = {
  keyword: 'a text value',
  words: 'one or more words',
  integer: 'an integer',
  number: 'a number',
  date: 'a date like 2017-01-01T00:00:00Z',
  latlon: 'a location like 47.38,8.52'
}
const FILTER_FIELDS_HINT =
  'hash, short_hash, binaryhash, mimetype, size, format, width, height, created, name, name_text, deletedDate, user:<field>, user:<type>:<field> or dynamic:<type>:<entry>:<field>'

/** How values of `field` are parsed and compared. */
export const valueKind = (field: SearchField): ValueKind =>
  field.kind === 'column' ? COLUMN_KINDS[field.name] : USER_KINDS[field.type]

/** The field as rokka spells it in queries: `size`, `user:int:count`. */
export const fieldName = (field: SearchField): string =>
  field.kind === 'column'
    ? field.name
    : field.kind === 'user'
      ? `user:${field.type}:${field.name}`
      : `dynamic:${field.type}:${field.entry}:${field.name}`

/** True when an image may lack a value for `field` (such rows sort last). */
export const isNullableField = (field: SearchField): boolean =>
  field.kind !== 'column' || field.name === 'deletedDate'

/** Whether the sort value of `field` is a number (else text) in cursors and SQL. */
export const isNumericSortField = (field: SearchField): boolean => {
  const kind = valueKind(field)
  if (field.kind === 'column') return kind === 'integer'
  return kind === 'integer' || kind === 'number' || kind === 'date'
}

/** Splits text into words: runs of ASCII letters, digits and non-ASCII characters. */
export const splitWords = (text: string): string[] =>
  text.split(/[^0-9A-Za-z\u0080-\u{10FFFF}]+/u).filter((word) => word !== '')

const parseUserField = (rest: string): SearchField | undefined => {
  try {
    const { type, name } = parseUserMetadataField(rest)
    return { kind: 'user', type, name }
  } catch {
    return undefined
  }
}

/** `dynamic:[<type>:]<entry>:<field>`, a field of a dynamic metadata entry (default type str). */
const parseDynamicField = (param: string): SearchField | undefined => {
  const match = DYNAMIC_FIELD.exec(param)
  if (!match) return undefined
  const [, type = 'str', entry = '', name = ''] = match
  return { kind: 'dynamic', type: type as DynamicFieldType, entry, name }
}

const parseField = (param: string): SearchField | undefined => {
  if (param.startsWith('user:')) return parseUserField(param.slice('user:'.length))
  if (param.startsWith('dynamic:')) return parseDynamicField(param)
  return (COLUMN_FIELDS as readonly string[]).includes(param)
    ? { kind: 'column', name: param as ColumnField }
    : undefined
}

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?)?$/i

/** Epoch milliseconds of an ISO 8601 date (UTC when no zone is given); undefined if invalid. */
export const parseSearchDate = (text: string): number | undefined => {
  const match = DATE.exec(text)
  if (!match) return undefined
  const [year, month, day, hour, minute, second] = match
    .slice(1, 7)
    .map((part) => Number(part ?? 0))
  const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3))
  if (hour === undefined || minute === undefined || second === undefined) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const date = new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), hour, minute, second)
  )
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day))
    return undefined
  const zone = match[8] ?? 'Z'
  let offsetMinutes = 0
  if (zone.toUpperCase() !== 'Z') {
    // A '+' sent unencoded in a query string arrives as a space.
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
  }
  return date.getTime() + millis - offsetMinutes * 60_000
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i
const INTEGER = /^[+-]?\d+$/
const LATLON = /^-?\d{1,2}(?:\.\d+)?,\s*-?\d{1,3}(?:\.\d+)?$/
const HEX = /^[0-9a-f]+$/

const parseScalar = (param: string, field: SearchField, raw: string): FilterValue => {
  const kind = valueKind(field)
  const fail = () => invalidOption(param, EXPECTED[kind], raw)
  switch (kind) {
    case 'integer': {
      const value = Number(raw)
      if (!INTEGER.test(raw) || !Number.isSafeInteger(value)) throw fail()
      return value
    }
    case 'number': {
      const value = Number(raw)
      if (!NUMBER.test(raw) || !Number.isFinite(value)) throw fail()
      return value
    }
    case 'date': {
      const value = parseSearchDate(raw)
      if (value === undefined) throw fail()
      return value
    }
    case 'latlon':
      if (!LATLON.test(raw)) throw fail()
      return raw.replace(/\s/g, '')
    case 'words':
      if (splitWords(raw).length === 0) throw fail()
      return raw
    case 'keyword':
      // Hashes, formats and mimetypes are stored lowercase; names and user text keep their case.
      return field.kind === 'column' && field.name !== 'name' ? raw.toLowerCase() : raw
  }
}

const unquote = (bound: string): string | undefined => {
  const quote = bound[0]
  if (quote !== "'" && quote !== '"') return bound === '*' ? '' : bound
  return bound.length >= 2 && bound.endsWith(quote) ? bound.slice(1, -1) : undefined
}

/** Splits `a,b` where either side may be quoted (and then contain commas). */
const splitBounds = (inner: string): [string, string] | undefined => {
  const text = inner.trim()
  let comma = -1
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quote !== undefined) {
      if (char === quote) quote = undefined
    } else if (char === "'" || char === '"') {
      quote = char
    } else if (char === ',') {
      if (comma !== -1) return undefined
      comma = i
    }
  }
  if (comma === -1 || quote !== undefined) return undefined
  const lower = unquote(text.slice(0, comma).trim())
  const upper = unquote(text.slice(comma + 1).trim())
  return lower === undefined || upper === undefined ? undefined : [lower, upper]
}

const parseRange = (param: string, field: SearchField, raw: string): SearchFilter => {
  const kind = valueKind(field)
  const isShortHash = field.kind === 'column' && field.name === 'short_hash'
  if (kind === 'words' || kind === 'latlon' || isShortHash) {
    throw invalidOption(param, `${EXPECTED[kind]} (ranges are not supported on ${param})`, raw)
  }
  const open = raw[0]
  const close = raw[raw.length - 1]
  const bounds =
    raw.length >= 2 && (close === ']' || close === '}') ? splitBounds(raw.slice(1, -1)) : undefined
  if (!bounds) {
    throw invalidOption(param, 'a range like [1,5], {1,5}, [1,} or {,5}', raw)
  }
  const [lowerText, upperText] = bounds
  const filter: SearchFilter = { field, match: 'range' }
  if (lowerText !== '') {
    filter.lower = { value: parseScalar(param, field, lowerText), inclusive: open === '[' }
  }
  if (upperText !== '') {
    filter.upper = { value: parseScalar(param, field, upperText), inclusive: close === ']' }
  }
  return filter
}

const parseFilter = (param: string, field: SearchField, raw: string): SearchFilter => {
  if (raw.startsWith('[') || raw.startsWith('{')) return parseRange(param, field, raw)
  const kind = valueKind(field)
  if (field.kind === 'column' && field.name === 'short_hash') {
    const prefix = raw.replace(/\*$/, '').toLowerCase()
    if (!HEX.test(prefix)) throw invalidOption(param, 'the start of a hexadecimal hash', raw)
    return { field: { kind: 'column', name: 'hash' }, match: 'prefix', value: prefix }
  }
  if (raw.endsWith('*')) {
    if (kind !== 'keyword' && kind !== 'words') {
      throw invalidOption(param, `${EXPECTED[kind]} (prefix search with * needs a text field)`, raw)
    }
    return { field, match: 'prefix', value: String(parseScalar(param, field, raw.slice(0, -1))) }
  }
  return { field, match: 'exact', value: parseScalar(param, field, raw) }
}

/** A parameter's single value; '' (a bare key, rokka.js's null) counts as absent. */
const single = (params: QueryParams, name: string): string | undefined => {
  const value = params[name]
  if (Array.isArray(value)) {
    const present = value.filter((v) => v !== '')
    if (present.length > 1) throw invalidOption(name, 'a single value', value)
    return present[0]
  }
  return value === '' ? undefined : value
}

/** Comma lists may also come as repeated parameters. */
const list = (params: QueryParams, name: string): string[] => {
  const value = params[name]
  const parts = (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => v.split(','))
  return parts.map((part) => part.trim()).filter((part) => part !== '')
}

const parseLimit = (raw: string | undefined): number => {
  if (raw === undefined) return DEFAULT_LIMIT
  const value = Number(raw)
  if (!INTEGER.test(raw) || value < 0 || value > MAX_LIMIT) {
    throw invalidOption('limit', `an integer between 0 and ${MAX_LIMIT}`, raw)
  }
  return value
}

const parseOffset = (raw: string | undefined, sort: readonly SortKey[]): number | string => {
  if (raw === undefined) return 0
  if (/^\d+$/.test(raw)) {
    const value = Number(raw)
    if (value > MAX_OFFSET) {
      throw badRequest(
        `offset ${raw} is too large: numeric offsets go up to ${MAX_OFFSET}; to page further, pass the cursor of the previous page as offset.`,
        { parameter: 'offset' }
      )
    }
    return value
  }
  decodeCursor(raw, sort)
  return raw
}

const parseSortKey = (part: string): SortKey => {
  const [name = '', direction, extra] = part.split(/\s+/)
  const field = parseField(name)
  const sortable =
    field !== undefined &&
    !(field.kind === 'column' && (field.name === 'short_hash' || field.name === 'name_text')) &&
    !(field.kind === 'user' && field.type === 'latlon')
  if (!field || !sortable) {
    throw invalidOption(
      'sort',
      'a field to sort by: hash, binaryhash, mimetype, size, format, width, height, created, name, deletedDate or user:<type>:<field>',
      name
    )
  }
  const lowered = direction?.toLowerCase() ?? 'desc'
  if ((lowered !== 'asc' && lowered !== 'desc') || extra !== undefined) {
    throw invalidOption('sort', `asc or desc after ${name}`, part)
  }
  return { field, direction: lowered }
}

const parseSort = (params: QueryParams): SortKey[] => {
  const parts = list(params, 'sort')
  return parts.length === 0 ? DEFAULT_SORT.map((key) => ({ ...key })) : parts.map(parseSortKey)
}

/** Validates a facet field and returns its canonical name; only user str and array fields facet. */
export const parseFacetField = (name: string): string => {
  const field = name.startsWith('user:') ? parseUserField(name.slice('user:'.length)) : undefined
  if (!field || field.kind !== 'user' || (field.type !== 'str' && field.type !== 'array')) {
    throw invalidOption('facets', 'user:str:<field> or user:array:<field>', name)
  }
  return fieldName(field)
}

const parseBoolean = (name: string, raw: string | undefined): boolean => {
  if (raw === undefined || raw === 'false' || raw === '0') return false
  if (raw === 'true' || raw === '1') return true
  throw invalidOption(name, 'true or false', raw)
}

const parseOperator = (raw: string | undefined): 'and' | 'or' => {
  const value = raw?.toLowerCase() ?? 'and'
  if (value !== 'and' && value !== 'or') throw invalidOption('operator', 'and or or', raw)
  return value
}

const parseBinaryHash = (raw: string | undefined): string | undefined => {
  if (raw === undefined) return undefined
  const value = raw.toLowerCase()
  if (!/^[0-9a-f]{40}$/.test(value)) {
    throw invalidOption('binaryHash', 'a SHA-1 of 40 hexadecimal characters', raw)
  }
  return value
}

const parseFilters = (params: QueryParams): SearchFilter[] => {
  const filters: SearchFilter[] = []
  for (const [param, value] of Object.entries(params)) {
    if (RESERVED.has(param) || value === undefined) continue
    const field = parseField(param)
    if (!field) {
      throw badRequest(`Unknown search field "${param}": filter by ${FILTER_FIELDS_HINT}.`, {
        parameter: param
      })
    }
    for (const raw of Array.isArray(value) ? value : [value]) {
      if (raw !== '') filters.push(parseFilter(param, field, raw))
    }
  }
  return filters
}

/**
 * Parses the query of `GET /sourceimages/{org}`. Bare keys (empty values) count as absent.
 * Throws a 400 AppError naming the parameter and what it expects.
 */
export const parseSourceImageQuery = (params: QueryParams): SourceImageQuery => {
  const sort = parseSort(params)
  const query: SourceImageQuery = {
    limit: parseLimit(single(params, 'limit')),
    offset: parseOffset(single(params, 'offset'), sort),
    sort,
    filters: parseFilters(params),
    operator: parseOperator(single(params, 'operator')),
    deleted: parseBoolean('deleted', single(params, 'deleted')),
    facets: [...new Set(list(params, 'facets').map(parseFacetField))]
  }
  const binaryHash = parseBinaryHash(single(params, 'binaryHash'))
  if (binaryHash !== undefined) query.binaryHash = binaryHash
  return query
}

const sortSignature = (sort: readonly SortKey[]): string =>
  sort.map((key) => `${fieldName(key.field)} ${key.direction}`).join(',')

/** The opaque cursor for `position` under `sort`: base64url JSON of the sort, values and hash. */
export const encodeCursor = (sort: readonly SortKey[], position: CursorPosition): string =>
  Buffer.from(
    JSON.stringify({ s: sortSignature(sort), v: position.values, h: position.hash }),
    'utf8'
  ).toString('base64url')

const isCursorValue = (key: SortKey, value: unknown): value is string | number | null => {
  if (value === null) return isNullableField(key.field)
  return isNumericSortField(key.field)
    ? typeof value === 'number' && Number.isFinite(value)
    : typeof value === 'string'
}

/** Reads a cursor made by {@link encodeCursor} for the same sort; throws a 400 otherwise. */
export const decodeCursor = (cursor: string, sort: readonly SortKey[]): CursorPosition => {
  const fail = () =>
    invalidOption(
      'offset',
      `an integer up to ${MAX_OFFSET} or a cursor returned by a previous page with the same sort`,
      cursor
    )
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw fail()
  let data: unknown
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw fail()
  }
  if (data === null || typeof data !== 'object') throw fail()
  const { s, v, h } = data as Record<string, unknown>
  if (s !== sortSignature(sort) || typeof h !== 'string' || !Array.isArray(v)) throw fail()
  if (v.length !== sort.length) throw fail()
  const values: (string | number | null)[] = []
  for (const [index, key] of sort.entries()) {
    const value: unknown = v[index]
    if (!isCursorValue(key, value)) throw fail()
    values.push(value)
  }
  return { values, hash: h }
}
