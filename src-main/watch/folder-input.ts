import { DEFAULT_WATCH_INCLUDE } from '../../src-shared/api/watched-folders'
import { badRequest } from '../errors'
import { normaliseUserMetadata } from '../storage/user-metadata'
import type { FolderSettings } from './folder-repo'
import { parsePatterns } from './patterns'

const KNOWN_FIELDS = new Set([
  'path',
  'organization',
  'recursive',
  'include',
  'exclude',
  'user_metadata',
  'trash_on_delete'
])

const objectOf = (body: unknown): Record<string, unknown> => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(
      'The body must be a JSON object such as {"path": "/Users/me/Exports", "organization": "local"}.'
    )
  }
  const record = body as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!KNOWN_FIELDS.has(key)) throw badRequest(`Unknown field "${key}" for a watched folder.`)
  }
  return record
}

const booleanField = (
  record: Record<string, unknown>,
  name: string,
  fallback: boolean
): boolean => {
  const value = record[name]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw badRequest(`${name} must be true or false.`)
  return value
}

const settingsOf = (record: Record<string, unknown>, base: FolderSettings): FolderSettings => ({
  recursive: booleanField(record, 'recursive', base.recursive),
  include: record.include === undefined ? base.include : parsePatterns('include', record.include),
  exclude: record.exclude === undefined ? base.exclude : parsePatterns('exclude', record.exclude),
  userMetadata:
    record.user_metadata === undefined
      ? base.userMetadata
      : normaliseUserMetadata(record.user_metadata),
  trashOnDelete: booleanField(record, 'trash_on_delete', base.trashOnDelete)
})

/** Settings of a folder nobody configured: recursive, the formats Darkroom reads, no trash. */
export const DEFAULT_FOLDER_SETTINGS: FolderSettings = {
  recursive: true,
  include: [...DEFAULT_WATCH_INCLUDE],
  exclude: [],
  userMetadata: {},
  trashOnDelete: false
}

/** The body of `POST /_darkroom/watched-folders`, checked. */
export const parseNewFolder = (
  body: unknown
): { path: string; organization: string; settings: FolderSettings } => {
  const record = objectOf(body)
  const { path, organization } = record
  if (typeof path !== 'string' || path.trim() === '') {
    throw badRequest('path must be the absolute path of a folder on this computer.')
  }
  if (typeof organization !== 'string' || organization === '') {
    throw badRequest('organization must name the organization the images go to.')
  }
  return { path: path.trim(), organization, settings: settingsOf(record, DEFAULT_FOLDER_SETTINGS) }
}

/** The body of `PATCH /_darkroom/watched-folders/{id}`: fields left out keep their value. */
export const parseFolderUpdate = (body: unknown, current: FolderSettings): FolderSettings => {
  const record = objectOf(body)
  if (record.path !== undefined || record.organization !== undefined) {
    throw badRequest(
      'The path and organization of a watched folder cannot change; remove it and add it again.'
    )
  }
  return settingsOf(record, current)
}
