import { encodeExpression, encodeLiteral, encodePath } from './render-url-encode'
import { badRenderUrl, quote } from './render-url-error'
import { readRenderFormat } from './render-url-formats'
import { isImageHash } from './render-url-image'
import {
  cacheBusterOfName,
  cacheBusterOfPart,
  isAliasName,
  isBlockName,
  isOptionKey,
  isStackName
} from './render-url-names'
import { expressionInside } from './render-url-tokens'
import type { RenderImage } from './render-url-types'

/** An operation to write into a URL; option values may be strings, numbers or booleans. */
export interface OperationInput {
  name: string
  options?: Readonly<Record<string, unknown>>
  expressions?: Readonly<Record<string, string>>
}

/** What {@link formatRenderPath} writes; a parsed `RenderRequest` fits (minus its signature). */
export interface RenderPathInput {
  stack: string
  overrides?: {
    operations?: readonly OperationInput[]
    options?: Readonly<Record<string, unknown>>
    variables?: Readonly<Record<string, unknown>>
  }
  image: RenderImage
  seoName?: string
  cacheBuster?: number
  format: string
  queryVariables?: Readonly<Record<string, unknown>>
}

type Values = Readonly<Record<string, unknown>>

const RESERVED_BLOCKS: ReadonlySet<string> = new Set(['o', 'options', 'v', 'variables'])
const UNDEFINED_VALUE = '__undefined__'

/** A value as URL text; `undefined` for null/undefined (left out), 400 for anything else. */
const textOf = (value: unknown, what: string): string | undefined => {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') {
    if (value === UNDEFINED_VALUE) throw badRenderUrl(`${what} cannot be "${UNDEFINED_VALUE}".`)
    return value
  }
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return String(value)
  }
  throw badRenderUrl(`${what} must be a string, a finite number or a boolean to fit in a URL.`)
}

const checkKey = (key: string, what: string): string => {
  if (isOptionKey(key)) return key
  throw badRenderUrl(`${what} name ${quote(key)} may only use letters, digits, _ and ".".`)
}

const sortedKeys = (record: Values): string[] => Object.keys(record).sort()

const block = (name: string, pairs: readonly string[]): string => [name, ...pairs].join('-')

const literalPairs = (values: Values, what: string): string[] =>
  sortedKeys(values).flatMap((key) => {
    const text = textOf(values[key], `${what} "${key}"`)
    if (text === undefined) return []
    return [checkKey(key, what), encodeLiteral(text, `${what} "${key}"`)]
  })

const variablePairs = (values: Values): string[] =>
  sortedKeys(values).flatMap((key) => {
    const what = `Variable "${key}"`
    const text = textOf(values[key], what)
    if (text === undefined) return []
    // the parser keeps a bracketed variable value as the literal text "[…]"
    const inside = expressionInside(text)
    const token = inside === undefined ? encodeLiteral(text, what) : encodeExpression(inside, what)
    return [checkKey(key, 'Variable'), token]
  })

const formatOperation = (operation: OperationInput): string => {
  const { name, options = {}, expressions = {} } = operation
  if (!isBlockName(name) || RESERVED_BLOCKS.has(name)) {
    throw badRenderUrl(`${quote(name)} cannot be written as an operation name in a render URL.`)
  }
  const keys = new Set([...Object.keys(options), ...Object.keys(expressions)])
  const pairs = [...keys].sort().flatMap((key) => {
    const what = `Option "${name}.${key}"`
    const expression = Object.hasOwn(expressions, key) ? expressions[key] : undefined
    if (expression !== undefined)
      return [checkKey(key, 'Option'), encodeExpression(expression, what)]
    const text = textOf(options[key], what)
    return text === undefined ? [] : [checkKey(key, 'Option'), encodeLiteral(text, what)]
  })
  return block(name, pairs)
}

/**
 * Writes operations, stack options and variables as one render URL part
 * (`resize-height-200-width-200--rotate-angle-45--o-jpg.quality-80--v-w-300`): the part after
 * `/dynamic/`, or an override part after a stack name. Operations keep their order; keys are
 * sorted; an expression wins over an option of the same key; null/undefined values are left out.
 * Values are percent-encoded with `-` as `%2D`. Throws a 400 `RenderUrlError` for what a
 * URL cannot carry (a `/` or `[` in a literal value, names outside letters/digits/`_`).
 */
export const formatDynamicStack = (
  operations: readonly OperationInput[],
  options: Values = {},
  variables: Values = {}
): string => {
  const blocks = operations.map(formatOperation)
  const optionPairs = literalPairs(options, 'Stack option')
  if (optionPairs.length > 0) blocks.push(block('o', optionPairs))
  const variableTokens = variablePairs(variables)
  if (variableTokens.length > 0) blocks.push(block('v', variableTokens))
  const part = blocks.join('--')
  // a lone operation named like v2 or facade would read as a cache buster or an image hash
  const isAmbiguous = cacheBusterOfPart(part) !== undefined || isImageHash(part)
  return isAmbiguous ? `${part}--` : part
}

const encodeRemote = (url: string): string => {
  if (url === '') throw badRenderUrl('A remote image needs a path or URL.')
  if (url.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw badRenderUrl(`The remote image ${quote(url)} may not contain "." or ".." path segments.`)
  }
  // escape what the parser would read as the end of the remote image or as an alias
  return encodePath(url, '/-')
    .replace(/-(?=\/)/g, '%2D')
    .replace(/^-/, '%2D')
    .replace(/^_/, '%5F')
}

const formatImage = (image: RenderImage): string => {
  switch (image.kind) {
    case 'hash':
      if (isImageHash(image.hash)) return image.hash
      throw badRenderUrl(`${quote(image.hash)} is not an image hash (6 to 40 lowercase hex).`)
    case 'alias':
      if (isAliasName(image.alias)) return `-_${image.alias}_-`
      throw badRenderUrl(`${quote(image.alias)} is not an alias name (letters, digits and _).`)
    case 'remote':
      return `-${encodeRemote(image.url)}-`
  }
}

const formatSeoName = (name: string): string => {
  if (name === '' || name.includes('.') || name.includes('/')) {
    throw badRenderUrl(`The file name ${quote(name)} must be non-empty, without "." or "/".`)
  }
  return encodePath(name, '-')
}

/** The `v<n>` part the cache buster needs, unless the SEO file name already ends in it. */
const cacheBusterPart = (seoName: string | undefined, cacheBuster: number | undefined) => {
  if (cacheBuster === undefined) return undefined
  if (!Number.isSafeInteger(cacheBuster) || cacheBuster < 0 || cacheBuster >= 1e15) {
    throw badRenderUrl(`The cache buster must be a whole number from 0 to 15 digits.`)
  }
  const inName = seoName === undefined ? undefined : cacheBusterOfName(seoName)
  if (inName === undefined) return `v${cacheBuster}`
  if (inName === cacheBuster) return undefined
  throw badRenderUrl(
    `The file name ${quote(seoName ?? '')} ends in v${inName}, which contradicts cache buster ${cacheBuster}.`
  )
}

const sortedObject = (record: Values): Record<string, unknown> =>
  Object.fromEntries(sortedKeys(record).map((key) => [key, record[key]]))

/**
 * Writes a render path with its query, the inverse of `parseRenderPath`:
 * `/{stack}[/{part}][/v{n}]/{image}[/{seo}].{format}[?v={json}]`. Deterministic (sorted keys),
 * and `parseRenderUrl(formatRenderPath(request))` gives `request` back for every parsed request
 * (without its signature; sign the result with `UrlSigner.signUrl`). A cache buster that the SEO
 * file name does not end in is written as a `/v{n}` part. Throws a 400 `RenderUrlError`
 * for input a render URL cannot carry.
 */
export const formatRenderPath = (input: RenderPathInput): string => {
  const { stack, overrides = {}, image, seoName, cacheBuster, queryVariables = {} } = input
  if (!isStackName(stack)) throw badRenderUrl(`${quote(stack)} is not a stack name.`)
  const part = formatDynamicStack(
    overrides.operations ?? [],
    overrides.options,
    overrides.variables
  )
  const segments = [stack, part, cacheBusterPart(seoName, cacheBuster) ?? '', formatImage(image)]
  if (seoName !== undefined) segments.push(formatSeoName(seoName))
  const format = readRenderFormat(input.format)
  const path = `/${segments.filter((segment) => segment !== '').join('/')}.${format}`
  if (Object.keys(queryVariables).length === 0) return path
  return `${path}?v=${encodeURIComponent(JSON.stringify(sortedObject(queryVariables)))}`
}
