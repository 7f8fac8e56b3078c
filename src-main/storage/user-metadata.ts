import { badRequest } from '../errors'

/** rokka's user-metadata types, written as a prefix on the field name (`int:count`); none means str. */
export const USER_METADATA_TYPES = [
  'str',
  'text',
  'int',
  'double',
  'date',
  'latlon',
  'array',
  'array_text'
] as const
export type UserMetadataType = (typeof USER_METADATA_TYPES)[number]

const FIELD = /^(?:(str|text|int|double|date|latlon|array|array_text):)?([a-z0-9_]{1,54})$/

export interface ParsedField {
  type: UserMetadataType
  name: string
  /** The name search uses after `user:`, always with its type (`str:title`). */
  indexKey: string
}

export const parseUserMetadataField = (key: string): ParsedField => {
  const match = FIELD.exec(key)
  if (!match) {
    throw badRequest(
      `User metadata field "${key}" is not valid: use lowercase letters, digits and _ (at most 54), optionally after a type such as int: or date:.`
    )
  }
  const type = (match[1] ?? 'str') as UserMetadataType
  const name = match[2] as string
  return { type, name, indexKey: `${type}:${name}` }
}

export interface IndexedValue {
  field: string
  text: string | null
  num: number | null
}

const LATLON = /^-?\d{1,2}(?:\.\d+)?,\s*-?\d{1,3}(?:\.\d+)?$/

/**
 * Checks one field's value against its type and returns its rows for the search index.
 * Throws a 400 that names the field and what it expected.
 */
export const indexUserMetadataValue = (key: string, value: unknown): IndexedValue[] => {
  const { type, indexKey } = parseUserMetadataField(key)
  const fail = (expected: string) =>
    badRequest(
      `User metadata field "${key}" expects ${expected} but received ${JSON.stringify(value)}.`
    )
  switch (type) {
    case 'str':
    case 'text':
      if (typeof value === 'string') return [{ field: indexKey, text: value, num: null }]
      if (typeof value === 'number' || typeof value === 'boolean') {
        return [{ field: indexKey, text: String(value), num: null }]
      }
      throw fail('a string')
    case 'int': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value
      if (typeof n === 'number' && Number.isSafeInteger(n)) {
        return [{ field: indexKey, text: null, num: n }]
      }
      throw fail('an integer')
    }
    case 'double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
      if (typeof n === 'number' && Number.isFinite(n)) return [{ field: indexKey, text: null, num: n }]
      throw fail('a number')
    }
    case 'date': {
      const time = typeof value === 'string' ? Date.parse(value) : NaN
      if (!Number.isNaN(time) && /^\d{4}-\d{2}-\d{2}/.test(value as string)) {
        return [{ field: indexKey, text: value as string, num: time }]
      }
      throw fail('a date like 2024-05-01T12:00:00Z')
    }
    case 'latlon':
      if (typeof value === 'string' && LATLON.test(value)) {
        return [{ field: indexKey, text: value.replace(/\s/g, ''), num: null }]
      }
      throw fail('a location like "47.38,8.52"')
    case 'array':
    case 'array_text':
      if (Array.isArray(value)) {
        return value.map((element) => ({ field: indexKey, text: String(element), num: null }))
      }
      throw fail('an array of strings')
  }
}

/** Validates a whole metadata object; values are kept as written (arrays as strings). */
export const normaliseUserMetadata = (input: unknown): Record<string, unknown> => {
  if (Array.isArray(input) && input.length === 0) return {}
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw badRequest('User metadata must be a JSON object of field names to values.')
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    indexUserMetadataValue(key, value)
    out[key] = Array.isArray(value) ? value.map(String) : value
  }
  return out
}
