import type { ErrorCode } from '../src-shared/api/errors'

export interface AppErrorOptions {
  details?: Record<string, unknown>
  cause?: unknown
  invalidAuthentication?: boolean
  headers?: Record<string, string>
}

/** The one error type of the main process: carries its HTTP status and a message fit for users. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly details?: Record<string, unknown>
  readonly invalidAuthentication: boolean
  readonly headers?: Record<string, string>

  constructor(code: ErrorCode, status: number, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.status = status
    this.details = options.details
    this.invalidAuthentication = options.invalidAuthentication ?? false
    this.headers = options.headers
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError

const describeValue = (value: unknown): string => {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** sharp's fixed message form: `Expected <expected> for <name> but received <value> of type <type>`. */
export const invalidParameterMessage = (name: string, expected: string, actual: unknown): string =>
  `Expected ${expected} for ${name} but received ${describeValue(actual)} of type ${actual === null ? 'null' : typeof actual}`

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError('bad_request', 400, message, { details })

export const invalidJson = (what: string) =>
  new AppError('invalid_json', 400, `${what} is not valid JSON.`)

export const invalidOption = (name: string, expected: string, actual: unknown) =>
  new AppError('invalid_option', 400, invalidParameterMessage(name, expected, actual), {
    details: { option: name }
  })

/** An option rokka has but Darkroom cannot honour; `why` completes "Darkroom cannot use <name>: …". */
export const unsupportedOption = (name: string, why: string) =>
  new AppError('invalid_option', 400, `Darkroom cannot use ${name}: ${why}.`, {
    details: { option: name }
  })

export const missingCredentials = () =>
  new AppError('unauthenticated', 403, 'API credentials are not supplied or not a valid format.', {
    invalidAuthentication: true
  })

export const invalidApiKey = () =>
  new AppError('unauthenticated', 403, 'API key is not valid.', { invalidAuthentication: true })

export const invalidToken = (why: string) =>
  new AppError('invalid_token', 401, `The access token is not valid: ${why}.`, {
    invalidAuthentication: true
  })

export const forbidden = (message: string) => new AppError('forbidden', 403, message)

export const notFound = (message: string) => new AppError('not_found', 404, message)

export const organizationNotFound = (org: string) =>
  notFound(`Organization "${org}" does not exist.`)

export const sourceImageNotFound = (org: string, hash: string) =>
  notFound(`Source image "${hash}" not found in organization "${org}".`)

export const stackNotFound = (org: string, name: string) =>
  notFound(`Stack "${name}" not found in organization "${org}".`)

export const conflict = (message: string) => new AppError('conflict', 409, message)

export const preconditionFailed = (message: string) =>
  new AppError('precondition_failed', 412, message)

export const imageLocked = (hash: string) =>
  new AppError('locked', 403, `Source image "${hash}" is locked; unlock it first.`)

export const payloadTooLarge = (limitBytes: number) =>
  new AppError(
    'payload_too_large',
    413,
    `The upload is larger than the limit of ${Math.round(limitBytes / 1_000_000)} MB.`
  )

/** Megabytes to one decimal, rounded up or down so that an over-limit size never prints as the limit. */
const megabytes = (bytes: number, round: (n: number) => number) => String(round(bytes / 100_000) / 10)

/**
 * An upload request declared larger than one request may carry: refused before its body is read,
 * so a client that promises a gigabyte and sends nothing holds no connection. Several images that
 * fit one by one but not together go in separate requests (the studio and rokka.js send one each).
 */
export const uploadRequestTooLarge = (declared: number, requestLimit: number, fileLimit: number): AppError =>
  new AppError(
    'payload_too_large',
    413,
    `This upload request is ${megabytes(declared, Math.ceil)} MB; one request may carry at most ${megabytes(requestLimit, Math.floor)} MB ` +
      `(each image up to ${Math.round(fileLimit / 1_000_000)} MB). Send large images in separate requests.`
  )

/** A JSON or single-value body over its limit (uploads have their own, larger one). */
export const requestBodyTooLarge = (limitBytes: number) =>
  new AppError(
    'payload_too_large',
    413,
    `The request body is larger than the limit of ${Math.round(limitBytes / 1_000_000)} MB for JSON and text bodies.`
  )

export const unsupportedFormat = (format: string) =>
  new AppError(
    'unsupported_format',
    400,
    `${format} files are not supported by Darkroom yet; upload PNG, JPEG, WebP, GIF, AVIF, TIFF or SVG.`,
    { details: { format } }
  )

export const invalidImage = (message: string) => new AppError('invalid_image', 400, message)

export const imageTooLarge = (message: string) => new AppError('image_too_large', 400, message)

/** A render whose result would be larger than `max` pixels on a side (a resize times the dpr). */
export const outputTooLarge = (width: number, height: number, max: number) =>
  new AppError(
    'image_too_large',
    400,
    `The rendered image would be ${width} × ${height} pixels, but at most ${max} pixels a side can be rendered; ask for a smaller size or dpr.`,
    { details: { width, height, max } }
  )

export const misdirectedHost = (host: string) =>
  new AppError(
    'misdirected_host',
    421,
    `Darkroom only answers requests addressed to this computer; the Host "${host}" is not allowed.`
  )

export const remoteFetchFailed = (url: string, why: string) =>
  new AppError('remote_fetch_failed', 400, `Could not import ${url}: ${why}.`)

export const tooManyRequests = (retryAfterSeconds: number, message: string) =>
  new AppError('too_many_requests', 429, message, {
    headers: { 'Retry-After': String(retryAfterSeconds) }
  })

export const storeUnavailable = (why: string, cause?: unknown) =>
  new AppError('store_unavailable', 503, `The image store cannot accept writes: ${why}.`, { cause })

export const insufficientStorage = (cause?: unknown) =>
  new AppError('insufficient_storage', 507, 'The disk is full; free some space and try again.', {
    cause
  })

/** A stored original that is gone or whose bytes no longer hash to its name: never served. */
export const corruptObject = (what: string, state: 'missing' | 'damaged' = 'damaged') =>
  new AppError(
    'corrupt',
    500,
    `${what} is damaged: ${state === 'missing' ? 'its file is missing from the store' : 'its bytes no longer match their SHA-1'}; run "npm run verify" for details.`,
    { details: { corrupt: true, state } }
  )
