import type { UiError } from './types'

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** Reads rokka's `{ code, message }` (or the nested `error` form) out of any thrown value. */
export const toUiError = (thrown: unknown): UiError => {
  if (isRecord(thrown) && typeof thrown.message === 'string') {
    return { code: typeof thrown.code === 'number' ? thrown.code : 0, message: thrown.message }
  }
  return { code: 0, message: String(thrown) }
}

/** The error a failed response body describes, falling back to the status line. */
export const errorFromBody = (status: number, statusText: string, body: unknown): UiError => {
  if (isRecord(body)) {
    if (typeof body.message === 'string') return { code: status, message: body.message }
    const nested = body.error
    if (isRecord(nested) && typeof nested.message === 'string') {
      return { code: status, message: nested.message }
    }
  }
  const line = statusText === '' ? 'request failed' : statusText
  return { code: status, message: `The server answered ${status} (${line}).` }
}

/** The UiError for a request that never got an answer. */
export const networkError = (what: string): UiError => ({
  code: 0,
  message: `Could not reach Darkroom (${what}). Is the server still running?`
})
