import type { ErrorCode } from './api/errors'

/** The error codes a render URL can fail with. */
export type RenderUrlErrorCode = Extract<
  ErrorCode,
  'bad_request' | 'not_found' | 'unsupported_format'
>

/**
 * A render URL that cannot be parsed or written. `status` is 404 for paths that cannot be a render
 * at all (no stack, no `.format`) and 400 for render URLs with a mistake in them; `message` says
 * what is wrong in words a person can act on.
 */
export class RenderUrlError extends Error {
  readonly code: RenderUrlErrorCode
  readonly status: 400 | 404

  constructor(code: RenderUrlErrorCode, status: 400 | 404, message: string) {
    super(message)
    this.name = 'RenderUrlError'
    this.code = code
    this.status = status
  }
}

/** Whether `error` is a {@link RenderUrlError}. */
export const isRenderUrlError = (error: unknown): error is RenderUrlError =>
  error instanceof RenderUrlError

const MAX_QUOTED = 80

/** `text` in quotes, shortened so that huge URLs do not end up whole in messages. */
export const quote = (text: string): string =>
  JSON.stringify(text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text)

/** 400: the URL is a render URL with a mistake in it. */
export const badRenderUrl = (message: string): RenderUrlError =>
  new RenderUrlError('bad_request', 400, message)

/** 404: the path cannot be a render URL at all. */
export const notARenderUrl = (path: string, why: string): RenderUrlError =>
  new RenderUrlError('not_found', 404, `${quote(path)} is not a render URL: ${why}.`)
