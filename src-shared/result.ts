import type { ErrorBody } from './api/errors'

/**
 * The outcome of a call that crosses a process boundary: errors travel as data (Electron drops
 * custom fields of thrown errors), so callers branch on `ok`.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorBody }

/** A successful {@link Result}. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value })

/** A failed {@link Result}. */
export const failed = <T = never>(error: ErrorBody): Result<T> => ({ ok: false, error })
