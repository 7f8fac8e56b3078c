import { readFile, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

/** Vite writes content-hashed names here, so these files never change under one name. */
const HASHED_DIR = 'assets/'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

/** A segment that could step out of the folder, name a hidden file or a Windows device/stream. */
const UNSAFE_SEGMENT = /^\.|[/\\\0:]/

/**
 * The relative file a request path below `/studio/` names (`''` → `index.html`), as decoded
 * segments, or null when it is not a plain path inside the studio folder.
 */
export const studioSegments = (encodedRest: string): string[] | null => {
  if (encodedRest === '') return ['index.html']
  const segments: string[] = []
  for (const raw of encodedRest.split('/')) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return null
    }
    if (segment === '' || UNSAFE_SEGMENT.test(segment)) return null
    segments.push(segment)
  }
  return segments
}

/** The absolute path of `segments` under `root`, or null if it would leave `root`. */
export const resolveInside = (root: string, segments: readonly string[]): string | null => {
  const base = resolve(root)
  const full = resolve(base, ...segments)
  return full.startsWith(base + sep) ? full : null
}

/** `Content-Type` by extension; unknown ones are served as bytes, never sniffed. */
export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'

/** Hashed assets are cached for a year; everything else (index.html) is revalidated each time. */
export const cacheControlOf = (relative: string): string =>
  relative.startsWith(HASHED_DIR) ? 'public, max-age=31536000, immutable' : 'no-cache'

export interface StudioFile {
  body: Buffer
  contentType: string
  cacheControl: string
  etag: string
}

export type StudioLookup =
  { kind: 'file'; file: StudioFile } | { kind: 'not-found' } | { kind: 'not-built' }

const isFile = async (path: string) =>
  stat(path).then(
    (info) => (info.isFile() ? info : null),
    () => null
  )

/** Reads the studio file a request path names; `not-built` when the folder has no index.html. */
export const lookupStudioFile = async (
  root: string,
  encodedRest: string
): Promise<StudioLookup> => {
  if (!(await isFile(resolve(root, 'index.html')))) return { kind: 'not-built' }
  const segments = studioSegments(encodedRest)
  const path = segments && resolveInside(root, segments)
  const info = path ? await isFile(path) : null
  if (!path || !segments || !info) return { kind: 'not-found' }
  const relative = segments.join('/')
  return {
    kind: 'file',
    file: {
      body: await readFile(path),
      contentType: contentTypeOf(path),
      cacheControl: cacheControlOf(relative),
      etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`
    }
  }
}
