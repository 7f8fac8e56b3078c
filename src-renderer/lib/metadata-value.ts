/** rokka's user metadata types, written as key prefixes (`int:rating`). */
export const METADATA_TYPES = ['str', 'text', 'int', 'double', 'date', 'latlon', 'array'] as const
export type MetadataType = (typeof METADATA_TYPES)[number]

const isType = (text: string): text is MetadataType =>
  (METADATA_TYPES as readonly string[]).includes(text)

/** Splits a stored key into its type and bare name; no prefix means `str`. */
export const splitKey = (key: string): { type: MetadataType; name: string } => {
  const colon = key.indexOf(':')
  const prefix = colon > 0 ? key.slice(0, colon) : ''
  return isType(prefix) ? { type: prefix, name: key.slice(colon + 1) } : { type: 'str', name: key }
}

export const joinKey = (type: MetadataType, name: string): string =>
  type === 'str' ? name : `${type}:${name}`

export type MetadataParse = { value: unknown } | { error: string }

const LATLON = /^-?\d+(\.\d+)?,\s*-?\d+(\.\d+)?$/
const NAME = /^[a-z0-9_]+$/i

export const checkName = (name: string): string | undefined =>
  NAME.test(name) ? undefined : 'Use letters, digits and _ only.'

/** The typed value to send for what was typed, or why it can't be sent. */
export const parseMetadataValue = (type: MetadataType, text: string): MetadataParse => {
  const trimmed = text.trim()
  switch (type) {
    case 'int':
      return /^-?\d+$/.test(trimmed)
        ? { value: Number(trimmed) }
        : { error: 'Whole number expected.' }
    case 'double':
      return trimmed !== '' && Number.isFinite(Number(trimmed))
        ? { value: Number(trimmed) }
        : { error: 'Number expected.' }
    case 'date': {
      const date = new Date(trimmed)
      if (trimmed === '' || Number.isNaN(date.getTime())) return { error: 'Date expected.' }
      return { value: date.toISOString().replace(/\.\d{3}Z$/, 'Z') }
    }
    case 'latlon':
      return LATLON.test(trimmed)
        ? { value: trimmed.replace(/\s/g, '') }
        : { error: 'Use lat,lon.' }
    case 'array':
      return { value: trimmed === '' ? [] : trimmed.split(',').map((part) => part.trim()) }
    default:
      return { value: text }
  }
}

/** A stored value as editable text. */
export const metadataText = (value: unknown): string =>
  Array.isArray(value)
    ? value.join(', ')
    : value === null || value === undefined
      ? ''
      : String(value)
