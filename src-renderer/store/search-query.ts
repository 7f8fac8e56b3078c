/** What the library's search box, sort and filters say. */
export interface LibraryQuery {
  search: string
  sort: string
  format: string
  /** `YYYY-MM-DD` or empty. */
  from: string
  to: string
  trash: boolean
}

export const DEFAULT_QUERY: LibraryQuery = {
  search: '',
  sort: 'created desc',
  format: '',
  from: '',
  to: '',
  trash: false
}

const FIELDS = new Set([
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
  'name_text'
])
const METADATA_FIELD = /^(user|static|dynamic):[A-Za-z0-9_.:-]+$/

/** Splits on spaces, keeping `"quoted words"` together (quotes dropped). */
const tokens = (text: string): string[] =>
  [...text.matchAll(/(?:[^\s"]+|"[^"]*")+/g)].map((match) => match[0].replace(/"/g, ''))

const isFilterKey = (key: string): boolean => FIELDS.has(key) || METADATA_FIELD.test(key)

/**
 * Turns the search box into rokka list parameters: `key=value` tokens naming a searchable field
 * (`user:str:project=spring`, `width=[1000,}`) pass through; every other word searches names.
 */
export const parseSearch = (text: string): Record<string, string> => {
  const params: Record<string, string> = {}
  const words: string[] = []
  for (const token of tokens(text.trim())) {
    const equals = token.indexOf('=')
    const key = equals > 0 ? token.slice(0, equals) : ''
    if (isFilterKey(key)) params[key] = token.slice(equals + 1)
    else words.push(token)
  }
  if (words.length > 0) params.name_text = words.join(' ')
  return params
}

const dayStart = (day: string): string => (day === '' ? '' : `${day}T00:00:00Z`)
const dayEnd = (day: string): string => (day === '' ? '' : `${day}T23:59:59Z`)

/** The full `GET /sourceimages/{org}` query for one page of the library. */
export const toImageQuery = (
  query: LibraryQuery,
  limit: number,
  offset: string | null
): Record<string, string> => {
  const params: Record<string, string> = { ...parseSearch(query.search) }
  if (query.format !== '') params.format = query.format
  if (query.from !== '' || query.to !== '') {
    params.created = `[${dayStart(query.from)},${dayEnd(query.to)}]`
  }
  if (query.trash) params.deleted = 'true'
  params.sort = query.sort
  params.limit = String(limit)
  if (offset !== null) params.offset = offset
  return params
}

/** The `offset` of a rokka `links.next.href`, or null at the last page. */
export const nextOffsetOf = (href: string | undefined): string | null => {
  if (href === undefined) return null
  const query = href.split('?')[1] ?? ''
  return new URLSearchParams(query).get('offset')
}
