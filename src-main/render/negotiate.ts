import type { OutputFormat } from './output-format'

export interface NegotiationInput {
  /** The format the URL asks for. */
  requested: OutputFormat
  /** Resolved stack options. */
  options: Record<string, unknown>
  /** Options the stack, its expressions or the URL set (no defaults); `options` when absent. */
  explicit?: Record<string, unknown>
  /** The request's `Accept` header. */
  accept: string
  /** Whether the rendered image has pixels that are not fully opaque. */
  hasVisibleAlpha: boolean
}

export interface Negotiated {
  format: OutputFormat
  /** WebP chosen for a PNG request is lossless, as rokka's autoformat does. */
  lossless: boolean
  /** Alpha is flattened onto this colour (hex) before encoding, when set. */
  flattenColour?: string
  /** The answer depends on `Accept`: send `Vary: Accept`. */
  variesOnAccept: boolean
}

const accepts = (accept: string, mime: string) => accept.toLowerCase().includes(mime)

const listOption = (value: unknown): Set<string> =>
  new Set(
    (typeof value === 'string' ? value : '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean)
  )

/**
 * Picks the delivered format as rokka does: transparency rules for JPEG requests (WebP, crafted
 * SVG or PNG for renders with visible alpha under `jpg.transparency.autoformat`), then
 * `autoformat` (JPEG XL, then AVIF, where included and accepted, else WebP where accepted) for
 * JPEG and PNG.
 */
export const negotiateFormat = (input: NegotiationInput): Negotiated => {
  const { requested, options, accept } = input
  const transparencyColour = typeof options['transparency.color'] === 'string' ? (options['transparency.color'] as string) : undefined
  let format: OutputFormat = requested
  let lossless = false
  let variesOnAccept = false
  let flattenColour = transparencyColour

  if (requested === 'jpg' && input.hasVisibleAlpha && !transparencyColour) {
    const mode = String(options['jpg.transparency.autoformat'] ?? 'false')
    const jpegColour = String(options['jpg.transparency.color'] ?? 'FFFFFF')
    if (options['jpg.transparency.convert'] === true || mode === 'false') {
      flattenColour = jpegColour
    } else if (mode === 'png') {
      format = 'png'
    } else {
      // WebP where accepted; else a crafted SVG for clients taking anything (*/*), else PNG
      variesOnAccept = true
      if (accepts(accept, 'image/webp')) format = 'webp'
      else format = mode === 'true' && accepts(accept, '*/*') ? 'svg' : 'png'
      lossless = false
    }
  } else if (requested === 'jpg') {
    flattenColour = transparencyColour ?? String(options['jpg.transparency.color'] ?? 'FFFFFF')
  }

  if (options.autoformat === true && (format === 'jpg' || format === 'png')) {
    variesOnAccept = true
    const exclude = listOption(options['autoformat.exclude'])
    const include = listOption(options['autoformat.include'])
    if (include.has('jxl') && !exclude.has('jxl') && accepts(accept, 'image/jxl')) {
      lossless = false
      format = 'jxl'
    } else if (include.has('avif') && !exclude.has('avif') && accepts(accept, 'image/avif')) {
      lossless = false
      format = 'avif'
    } else if (!exclude.has('webp') && accepts(accept, 'image/webp')) {
      // A PNG request becomes lossless WebP unless a WebP quality says otherwise.
      lossless = format === 'png' && (input.explicit ?? options)['webp.quality'] === undefined
      format = 'webp'
    }
  }
  if (format !== 'jpg' && !transparencyColour) flattenColour = undefined
  return { format, lossless, variesOnAccept, ...(flattenColour ? { flattenColour } : {}) }
}
