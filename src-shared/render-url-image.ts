import { badRenderUrl, quote } from './render-url-error'
import { isAliasName } from './render-url-names'
import { decodePiece } from './render-url-tokens'
import type { RenderImage } from './render-url-types'

/** The end of a render path: the image, its SEO file name, and the stack parts before them. */
export interface ImageTail {
  /** Raw URL parts between the stack name and the image. */
  parts: string[]
  image: RenderImage
  seoName?: string
}

const HASH = /^[0-9a-f]{6,40}$/
const TRAVERSAL: ReadonlySet<string> = new Set(['.', '..'])

/** Whether `text` is a source image hash: 6 to 40 lowercase hex characters (short hashes too). */
export const isImageHash = (text: string): boolean => HASH.test(text)

const isSeoName = (segment: string) => segment !== '' && !segment.includes('.')

/** A part starting with a single `-` can only be the start of a remote image. */
const startsRemote = (segment: string) =>
  segment.length > 1 && segment.startsWith('-') && segment[1] !== '-'

const noRemoteStart = (parts: readonly string[]) => !parts.some(startsRemote)

const readSeoName = (raw: string): string => {
  const name = decodePiece(raw, 'The file name')
  if (name.includes('.') || name.includes('/')) {
    throw badRenderUrl(`The file name ${quote(name)} may not contain "." or "/".`)
  }
  return name
}

const readRemote = (raw: string): RenderImage => {
  const alias = raw.slice(1, -1)
  if (raw.length > 2 && raw.startsWith('_') && raw.endsWith('_') && isAliasName(alias)) {
    return { kind: 'alias', alias }
  }
  const url = decodePiece(raw, 'The remote image', true)
  if (url.split('/').some((segment) => TRAVERSAL.has(segment))) {
    throw badRenderUrl(`The remote image ${quote(url)} may not contain "." or ".." path segments.`)
  }
  return { kind: 'remote', url }
}

const withSeo = (tail: Omit<ImageTail, 'seoName'>, rawSeo: string | undefined): ImageTail =>
  rawSeo === undefined ? tail : { ...tail, seoName: readSeoName(rawSeo) }

/** `-remote-` or `-remote-/seo` starting at the first part that starts with a single `-`. */
const findRemote = (segments: readonly string[]): ImageTail | undefined => {
  const start = segments.findIndex(startsRemote)
  if (start < 0) return undefined
  const parts = segments.slice(0, start)
  const rest = segments.slice(start)
  const last = rest[rest.length - 1] ?? ''
  const beforeLast = rest.slice(0, -1).join('/')
  if (rest.length > 1 && beforeLast.length > 2 && beforeLast.endsWith('-') && last !== '') {
    return withSeo({ parts, image: readRemote(beforeLast.slice(1, -1)) }, last)
  }
  const whole = rest.join('/')
  if (whole.length > 2 && whole.endsWith('-')) {
    return { parts, image: readRemote(whole.slice(1, -1)) }
  }
  return undefined
}

const notAnImage = (name: string, format: string): string => {
  if (name === '') return `There is no image before ".${format}".`
  if (name.includes('.')) {
    return `${quote(`${name}.${format}`)} has more than one extension; only the format may follow a "." (name.${format}).`
  }
  if (/^[0-9a-fA-F]+$/.test(name) && /[A-F]/.test(name)) {
    return `${quote(name)} is not an image hash: hashes are lowercase hex.`
  }
  if (/^[0-9a-f]+$/.test(name)) {
    return `${quote(name)} is not an image hash: it has ${name.length} characters, hashes have 6 to 40.`
  }
  return `${quote(name)} is not an image: expected a hash (6 to 40 lowercase hex characters), a remote image -path- or an alias -_name_-.`
}

/**
 * Finds the image in the URL segments after the stack name (raw; the `.format` already cut off),
 * trying the forms in rokka's client order: `hash/seo`, `hash`, `-remote-/seo`, `-remote-`.
 * The hash forms lose to a remote image when a part before the hash starts with a single `-`
 * (`/stack/-some/path/abcdef-.jpg`). Throws a 400 that explains what the image part should be.
 */
export const readImageTail = (segments: readonly string[], format: string): ImageTail => {
  const count = segments.length
  const name = segments[count - 1] ?? ''
  const previous = segments[count - 2]
  if (previous !== undefined && isImageHash(previous) && isSeoName(name)) {
    const parts = segments.slice(0, -2)
    if (noRemoteStart(parts)) {
      return withSeo({ parts, image: { kind: 'hash', hash: previous } }, name)
    }
  }
  const parts = segments.slice(0, -1)
  const hashed: ImageTail = { parts, image: { kind: 'hash', hash: name } }
  if (isImageHash(name) && noRemoteStart(parts)) return hashed
  const remote = findRemote(segments)
  if (remote !== undefined) return remote
  // a malformed part before a hash is better reported by the stack part reader
  if (isImageHash(name)) return hashed
  throw badRenderUrl(notAnImage(name, format))
}
