/** File name used when a URL's path does not yield a usable one. */
export const FALLBACK_FILE_NAME = 'remote-image'

const MAX_LENGTH = 200

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const shorten = (name: string): string => {
  if (name.length <= MAX_LENGTH) return name
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : ''
  return name.slice(0, MAX_LENGTH - extension.length) + extension
}

/**
 * A safe file name from the last segment of a URL's path: decoded, without control characters,
 * path separators or characters Windows forbids, no leading dots, at most 200 characters.
 */
export function fileNameFromUrl(url: URL): string {
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0)
  const last = segments.at(-1)
  if (last === undefined) return FALLBACK_FILE_NAME
  const cleaned = decode(last)
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
  if (cleaned.length === 0 || /^_+$/.test(cleaned)) return FALLBACK_FILE_NAME
  return shorten(cleaned)
}
