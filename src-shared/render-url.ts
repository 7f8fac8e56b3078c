import { badRenderUrl, notARenderUrl, quote } from './render-url-error'
import { readRenderFormat } from './render-url-formats'
import { readImageTail } from './render-url-image'
import { cacheBusterOfName, isStackName } from './render-url-names'
import { readQueryVariables, readSignature } from './render-url-query'
import { readStackParts } from './render-url-stack'
import { decodePiece } from './render-url-tokens'
import type { RenderRequest } from './render-url-types'

export { RenderUrlError, isRenderUrlError } from './render-url-error'
export type { RenderUrlErrorCode } from './render-url-error'
export { RENDER_FORMATS, isRenderFormat } from './render-url-formats'
export type { RenderFormat } from './render-url-formats'
export { formatDynamicStack, formatRenderPath } from './render-url-format'
export type { OperationInput, RenderPathInput } from './render-url-format'
export type {
  RenderImage,
  RenderOperation,
  RenderOverrides,
  RenderRequest,
  RenderSignature,
  SignatureOptions
} from './render-url-types'

const EXTENSION = /^[A-Za-z0-9]+$/
const TRAVERSAL: ReadonlySet<string> = new Set(['.', '..'])

const leniently = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const readStackName = (path: string, raw: string): string => {
  const name = decodePiece(raw, 'The stack name')
  if (isStackName(name)) return name
  throw notARenderUrl(path, `no stack can be named ${quote(name)}`)
}

/** Splits `/stack/…/name.ext` into the raw segments and the extension; 404 when it cannot. */
const splitPath = (path: string): { segments: string[]; extension: string } => {
  if (!path.startsWith('/')) throw notARenderUrl(path, 'it does not start with "/"')
  if (path.includes('?')) {
    throw badRenderUrl(`The render path ${quote(path)} contains "?"; pass the query separately.`)
  }
  const dot = path.lastIndexOf('.')
  const extension = path.slice(dot + 1)
  if (dot < path.lastIndexOf('/') || !EXTENSION.test(extension)) {
    throw notARenderUrl(path, 'it does not end in .<format> such as .jpg')
  }
  const segments = path.slice(1, dot).split('/')
  if (segments.length < 2) {
    throw notARenderUrl(path, 'it needs a stack and an image: /stack/hash.jpg')
  }
  if (segments.some((segment) => TRAVERSAL.has(leniently(segment)))) {
    throw badRenderUrl(`The render path ${quote(path)} contains "." or ".." segments.`)
  }
  return { segments, extension }
}

/**
 * Parses a render URL path after the organization part (`/mystack/o-dpr-2/abcdef/name-v2.jpg`,
 * raw as received) and its query (raw string, with or without `?`, or URLSearchParams).
 *
 * Grammar (rokka API reference §5.1–5.3): parts separated by `/`, blocks by `--`, each block
 * `name(-key-value)*`; `options`/`o` blocks are stack options (key `af` means `autoformat`),
 * `variables`/`v` blocks are variables, other blocks operations (see `readStackParts` for how
 * dynamic and named stacks differ). Values stay strings; `[…]` values are expressions. Tokens
 * are percent-decoded after splitting, so `%2D` is a literal `-` (`rotate-angle-%2D45`).
 *
 * `signature.signedString` is byte-exact only for a raw query string; URLSearchParams are
 * re-serialised. Throws a {@link RenderUrlError}: 404 for paths that cannot be renders, 400 for
 * mistakes in render URLs.
 */
export const parseRenderPath = (path: string, query: URLSearchParams | string): RenderRequest => {
  const { segments, extension } = splitPath(path)
  const [rawStack = '', ...rest] = segments
  const stack = readStackName(path, rawStack)
  const format = readRenderFormat(extension)
  const tail = readImageTail(rest, extension)
  const { overrides, cacheBuster: partBuster } = readStackParts(stack, tail.parts)
  const seoBuster = tail.seoName === undefined ? undefined : cacheBusterOfName(tail.seoName)
  const cacheBuster = seoBuster ?? partBuster
  const rawQuery = typeof query === 'string' ? query.replace(/^\?/, '') : query.toString()
  const params = typeof query === 'string' ? new URLSearchParams(rawQuery) : query
  const signature = readSignature(path, rawQuery)
  return {
    stack,
    overrides,
    image: tail.image,
    ...(tail.seoName === undefined ? {} : { seoName: tail.seoName }),
    ...(cacheBuster === undefined ? {} : { cacheBuster }),
    format,
    queryVariables: readQueryVariables(params),
    ...(signature === undefined ? {} : { signature })
  }
}

/** {@link parseRenderPath} for a path with its raw query (`/dynamic/abcdef.jpg?v=…`). */
export const parseRenderUrl = (pathWithQuery: string): RenderRequest => {
  const mark = pathWithQuery.indexOf('?')
  if (mark < 0) return parseRenderPath(pathWithQuery, '')
  return parseRenderPath(pathWithQuery.slice(0, mark), pathWithQuery.slice(mark + 1))
}
