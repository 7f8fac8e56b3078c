/** Machine-readable reason of a failed request; snake_case, stable across releases. */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_option'
  | 'invalid_json'
  | 'unsupported_format'
  | 'invalid_image'
  | 'image_too_large'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'invalid_token'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'locked'
  | 'misdirected_host'
  | 'remote_fetch_failed'
  | 'too_many_requests'
  | 'store_unavailable'
  | 'insufficient_storage'
  | 'corrupt'
  | 'internal'

/**
 * rokka's error body: `code` is the HTTP status, `message` a sentence a person can act on.
 * `error` repeats both in the nested form some clients read; `reason` is Darkroom's ErrorCode.
 */
export interface ErrorBody {
  code: number
  message: string
  reason: ErrorCode
  invalid_authentication?: true
  details?: Record<string, unknown>
  error: { code: number; message: string }
}
