import { badRequest } from '../errors'

/**
 * A metadata field of an upload. rokka.js JSON-encodes these twice (a JSON string holding JSON),
 * curl and PHP once; both decode to the same value.
 */
export const decodeFieldJson = (name: string, raw: string): unknown => {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw badRequest(`The upload field ${name} is not valid JSON.`)
  }
  if (typeof value === 'string') {
    const inner = value.trim()
    if (inner.startsWith('{') || inner.startsWith('[')) {
      try {
        return JSON.parse(inner) as unknown
      } catch {
        throw badRequest(`The upload field ${name} is not valid JSON.`)
      }
    }
  }
  return value
}

/** A plain-text field that may arrive JSON-encoded (`"true"` from rokka.js) or raw (`true`). */
export const decodeFieldText = (raw: string): string => {
  try {
    const value = JSON.parse(raw) as unknown
    return typeof value === 'string' ? value : String(value)
  } catch {
    return raw
  }
}

export type UploadField =
  | { kind: 'url'; index: number }
  | { kind: 'meta_user' | 'meta_static' | 'options'; index: number }
  | { kind: 'meta_dynamic'; index: number; name?: string }
  | { kind: 'optimize_source' }
  | { kind: 'ignored' }

/** Reads `url[0]`, `meta_user[1]`, `meta_dynamic[0][subject_area]`, `optimize_source`. */
export const classifyUploadField = (fieldName: string): UploadField => {
  if (fieldName === 'optimize_source') return { kind: 'optimize_source' }
  const match = /^(url|meta_user|meta_static|meta_dynamic|options)\[(\d{1,3})\](?:\[([a-z_]+)\])?$/.exec(fieldName)
  if (!match) return { kind: 'ignored' }
  const kind = match[1] as 'url' | 'meta_user' | 'meta_static' | 'meta_dynamic' | 'options'
  const index = Number(match[2])
  if (kind === 'meta_dynamic') return match[3] ? { kind, index, name: match[3] } : { kind, index }
  if (match[3]) return { kind: 'ignored' }
  return { kind, index }
}
