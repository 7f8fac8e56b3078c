import { DEFAULT_WATCH_INCLUDE, type NewWatchedFolder } from '@shared/api/watched-folders'

/** What the "Add folder" form holds, as typed. */
export interface FolderDraft {
  path: string
  organization: string
  recursive: boolean
  include: string
  exclude: string
  metadata: string
  trashOnDelete: boolean
}

export const emptyDraft = (organization: string): FolderDraft => ({
  path: '',
  organization,
  recursive: true,
  include: DEFAULT_WATCH_INCLUDE.join('\n'),
  exclude: '',
  metadata: '',
  trashOnDelete: false
})

/** One pattern per line or comma-separated, except commas inside `{…}`. */
export const splitPatterns = (text: string): string[] => {
  const out: string[] = []
  for (const line of text.split('\n')) {
    let depth = 0
    let current = ''
    for (const char of line) {
      if (char === '{') depth++
      if (char === '}') depth = Math.max(0, depth - 1)
      if (char === ',' && depth === 0) {
        out.push(current)
        current = ''
      } else current += char
    }
    out.push(current)
  }
  return out.map((item) => item.trim()).filter((item) => item !== '')
}

/**
 * `field: value` lines into user metadata. Values of `int:` and `double:` fields become numbers;
 * the server checks every type and says what is wrong.
 */
export const parseMetadataLines = (
  text: string
): { value: Record<string, unknown> } | { error: string } => {
  const value: Record<string, unknown> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '') continue
    const colon = lastFieldColon(line)
    const split = colon > 0 ? colon : line.indexOf('=')
    if (split <= 0) return { error: `Write metadata as "field: value", not "${line}".` }
    const key = line.slice(0, split).trim()
    const text = line.slice(split + 1).trim()
    value[key] =
      /^(int|double):/.test(key) && text !== '' && !Number.isNaN(Number(text)) ? Number(text) : text
  }
  return { value }
}

/** The colon that ends the field name: after an optional `type:` prefix (`int:round: 2`). */
const lastFieldColon = (line: string): number => {
  const typed = /^(str|text|int|double|date|latlon|array|array_text):/.exec(line)
  const from = typed ? typed[0].length : 0
  return line.indexOf(':', from)
}

/** The body of `POST /_darkroom/watched-folders`, or what to fix first. */
export const draftToRequest = (
  draft: FolderDraft
): { value: NewWatchedFolder } | { error: string } => {
  if (draft.path.trim() === '') return { error: 'Choose or type the folder to watch.' }
  const metadata = parseMetadataLines(draft.metadata)
  if ('error' in metadata) return metadata
  const include = splitPatterns(draft.include)
  return {
    value: {
      path: draft.path.trim(),
      organization: draft.organization,
      recursive: draft.recursive,
      include: include.length > 0 ? include : [...DEFAULT_WATCH_INCLUDE],
      exclude: splitPatterns(draft.exclude),
      user_metadata: metadata.value,
      trash_on_delete: draft.trashOnDelete
    }
  }
}
