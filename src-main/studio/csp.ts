/**
 * The Content-Security-Policy of every studio page: its own scripts and styles only (inline
 * styles allowed for React's `style` props), images also from `blob:`/`data:` for previews of
 * picked files, no framing, no `<base>`, no form posts.
 */
export const STUDIO_CSP = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'"
].join('; ')

/** Headers sent with every studio response (pages, assets and the not-built page). */
export const STUDIO_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': STUDIO_CSP,
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY'
}
