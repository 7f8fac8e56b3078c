import { describe, expect, it } from 'vitest'
import { join, resolve } from 'node:path'
import { cacheControlOf, contentTypeOf, resolveInside, studioSegments } from './static-files'

describe('studioSegments', () => {
  it('maps the folder itself to index.html', () => {
    expect(studioSegments('')).toEqual(['index.html'])
  })

  it('decodes plain nested paths', () => {
    expect(studioSegments('assets/index-abc123.js')).toEqual(['assets', 'index-abc123.js'])
    expect(studioSegments('assets/a%20b.css')).toEqual(['assets', 'a b.css'])
  })

  it.each([
    '../package.json',
    'assets/../../secret',
    '%2e%2e/package.json',
    '..%2fpackage.json',
    '..%5cpackage.json',
    'assets/%2e%2e%2f%2e%2e%2fetc/passwd',
    '.env',
    'assets/.hidden',
    'assets//x.js',
    'assets/',
    'a%00b',
    'C:%5cWindows',
    'file.txt:stream',
    '%E0%A4%A'
  ])('refuses %s', (path) => {
    expect(studioSegments(path)).toBeNull()
  })
})

describe('resolveInside', () => {
  const root = resolve('/srv/studio')

  it('keeps paths inside the root', () => {
    expect(resolveInside(root, ['assets', 'x.js'])).toBe(join(root, 'assets', 'x.js'))
  })

  it('refuses paths that leave it, even if a segment got through', () => {
    expect(resolveInside(root, ['..', 'etc'])).toBeNull()
    expect(resolveInside(root, ['/etc/passwd'])).toBeNull()
    expect(resolveInside(`${root}-other`, ['..', 'studio', 'x'])).toBeNull()
  })
})

describe('headers of studio files', () => {
  it('caches hashed assets for a year and revalidates the rest', () => {
    expect(cacheControlOf('assets/index-abc.js')).toBe('public, max-age=31536000, immutable')
    expect(cacheControlOf('index.html')).toBe('no-cache')
    expect(cacheControlOf('favicon.svg')).toBe('no-cache')
  })

  it('names content types by extension, bytes otherwise', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeOf('assets/a.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeOf('assets/a.css')).toBe('text/css; charset=utf-8')
    expect(contentTypeOf('assets/a.woff2')).toBe('font/woff2')
    expect(contentTypeOf('README')).toBe('application/octet-stream')
  })
})
