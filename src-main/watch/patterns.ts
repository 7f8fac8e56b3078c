import { badRequest } from '../errors'

const MAX_PATTERNS = 50
const MAX_PATTERN_LENGTH = 200

const escapeRegExp = (text: string): string => text.replace(/[.+^$()|[\]\\]/g, '\\$&')

/** Translates one glob (`*`, `?`, `**`, `{a,b}`) into a regular expression source. */
const globSource = (glob: string): string => {
  let out = ''
  let braces = 0
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string
    if (char === '*') {
      if (glob[i + 1] === '*') {
        // `**/` is any number of folders, `**` at the end anything at all.
        const slash = glob[i + 2] === '/'
        out += slash ? '(?:.*/)?' : '.*'
        i += slash ? 2 : 1
      } else {
        out += '[^/]*'
      }
    } else if (char === '?') out += '[^/]'
    else if (char === '{') {
      braces++
      out += '(?:'
    } else if (char === '}' && braces > 0) {
      braces--
      out += ')'
    } else if (char === ',' && braces > 0) out += '|'
    else out += escapeRegExp(char)
  }
  if (braces > 0) throw badRequest(`The pattern "${glob}" has an unclosed "{".`)
  return out
}

/**
 * A compiled list of glob patterns. A pattern without "/" matches the file name (as in
 * .gitignore), one with "/" the path relative to the folder. Case-insensitive, since cameras and
 * exporters write `.JPG` as often as `.jpg`.
 */
export interface PatternSet {
  matches(relativePath: string): boolean
}

export const compilePatterns = (patterns: readonly string[]): PatternSet => {
  const compiled = patterns.map((pattern) => {
    const regexp = new RegExp(`^${globSource(pattern)}$`, 'i')
    return { regexp, onName: !pattern.includes('/') }
  })
  return {
    matches: (relativePath) => {
      const path = relativePath.split('\\').join('/')
      const name = path.slice(path.lastIndexOf('/') + 1)
      return compiled.some(({ regexp, onName }) => regexp.test(onName ? name : path))
    }
  }
}

/** Checks a list of patterns from a request: strings, not empty, not too many, compilable. */
export const parsePatterns = (field: string, value: unknown): string[] => {
  if (!Array.isArray(value) || value.length > MAX_PATTERNS) {
    throw badRequest(
      `${field} must be an array of at most ${MAX_PATTERNS} glob patterns such as "*.jpg".`
    )
  }
  for (const pattern of value) {
    if (
      typeof pattern !== 'string' ||
      pattern.trim() === '' ||
      pattern.length > MAX_PATTERN_LENGTH
    ) {
      throw badRequest(
        `${field} holds ${JSON.stringify(pattern)}; each pattern must be a non-empty string of at most ${MAX_PATTERN_LENGTH} characters.`
      )
    }
  }
  const patterns = (value as string[]).map((pattern) => pattern.trim())
  compilePatterns(patterns)
  return patterns
}
