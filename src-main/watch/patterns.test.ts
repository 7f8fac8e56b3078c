import { describe, expect, it } from 'vitest'
import { DEFAULT_WATCH_INCLUDE } from '../../src-shared/api/watched-folders'
import { AppError } from '../errors'
import { compilePatterns, parsePatterns } from './patterns'

describe('watch patterns', () => {
  it('the default include takes the formats Darkroom reads, in any case and folder', () => {
    const set = compilePatterns(DEFAULT_WATCH_INCLUDE)
    for (const path of [
      'a.jpg',
      'shoot/B.JPEG',
      'x/y/z.png',
      'c.webp',
      'd.gif',
      'e.avif',
      'f.tif',
      'g.TIFF',
      'h.svg',
      'i.HEIC',
      'j.jxl',
      'k.psd',
      'l.pdf',
      'm.eps'
    ]) {
      expect(set.matches(path), path).toBe(true)
    }
    for (const path of ['a.xcf', 'notes.txt', 'jpg', 'a.jpg.part', 'shoot/raw.cr2', 'font.ttf']) {
      expect(set.matches(path), path).toBe(false)
    }
  })

  it('matches names without a slash and relative paths with one', () => {
    const set = compilePatterns(['drafts/**', 'final-??.png'])
    expect(set.matches('drafts/a/b.jpg')).toBe(true)
    expect(set.matches('other/drafts.jpg')).toBe(false)
    expect(set.matches('x/final-01.png')).toBe(true)
    expect(set.matches('final-001.png')).toBe(false)
    expect(compilePatterns(['**/keep/*.jpg']).matches('keep/a.jpg')).toBe(true)
    expect(compilePatterns(['**/keep/*.jpg']).matches('a/b/keep/a.jpg')).toBe(true)
    expect(compilePatterns(['a+b (1).jpg']).matches('a+b (1).jpg')).toBe(true)
    expect(compilePatterns(['a+b (1).jpg']).matches('aab 1.jpg')).toBe(false)
  })

  it('refuses lists that are not arrays of non-empty strings, and unclosed braces', () => {
    expect(parsePatterns('include', [' *.jpg '])).toEqual(['*.jpg'])
    for (const bad of ['*.jpg', [''], [3], ['*.{jpg']]) {
      expect(() => parsePatterns('include', bad)).toThrow(AppError)
    }
    expect(() => parsePatterns('include', ['*.{jpg'])).toThrow(
      'The pattern "*.{jpg" has an unclosed "{".'
    )
  })
})
