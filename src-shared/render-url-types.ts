import type { RenderFormat } from './render-url-formats'

/**
 * One operation of a render URL. Values stay the strings the URL carried (`"200"`, `"false"`);
 * converting them to the option's type is the caller's job (`coerceOptionValue`). A value written
 * as `[…]` is an expression and lands in `expressions` (without the brackets), never in `options`;
 * a key is in at most one of the two, the one the URL set last.
 */
export interface RenderOperation {
  name: string
  options: Record<string, string>
  expressions: Record<string, string>
}

/**
 * What the stack part of a render URL says. For `dynamic` the operations *are* the stack, in URL
 * order. For a named stack each entry overrides the options of every operation of that name in
 * the stack (one entry per name, in order of first mention); an option given here replaces an
 * expression of the same key in the stack, and vice versa.
 */
export interface RenderOverrides {
  operations: RenderOperation[]
  /** Stack options from `options-…`/`o-…` blocks (`af` already spelled `autoformat`). */
  options: Record<string, string>
  /**
   * Stack variables from `variables-…`/`v-…` blocks, as text (`[…]` values keep their brackets);
   * `?v=` JSON is in `RenderRequest.queryVariables`.
   */
  variables: Record<string, string>
}

/**
 * The image a render URL renders: a source image hash (full or short), a remote image
 * (`-path-` relative to `remote_basepath`, or `-https://…-` when full URLs are allowed), or a
 * source image alias (`-_alias_-`).
 */
export type RenderImage =
  | { kind: 'hash'; hash: string }
  | { kind: 'remote'; url: string }
  | { kind: 'alias'; alias: string }

/** The decoded `sigopts` query parameter. */
export interface SignatureOptions {
  /** ISO 8601 instant after which the signature is no longer valid, as given. */
  until?: string
}

/** The signature parameters of a signed render URL. */
export interface RenderSignature {
  /** The `sig` value as given (16 hex characters when well formed). */
  sig: string
  sigopts?: SignatureOptions
  /**
   * The path as passed plus the query without the trailing `sig` (byte-exact for a raw query
   * string). Verify with `UrlSigner.verifySignedUrl` on the full request path, which includes
   * any prefix the client signed.
   */
  signedString: string
}

/** A parsed render URL (see `parseRenderPath`). */
export interface RenderRequest {
  /** Stack name; `dynamic` for dynamic renders. */
  stack: string
  overrides: RenderOverrides
  image: RenderImage
  /** The decoded SEO file name between image and format; the server ignores it. */
  seoName?: string
  /** `n` of a trailing `v<n>` in the SEO file name, else of a `/v<n>/` URL part. */
  cacheBuster?: number
  format: RenderFormat
  /** Stack variables of the `?v=` JSON object; they win over `overrides.variables`. */
  queryVariables: Record<string, unknown>
  signature?: RenderSignature
}
