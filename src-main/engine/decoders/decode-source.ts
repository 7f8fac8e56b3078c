import { readFile } from 'node:fs/promises'
import { decoderHost } from './decoder-host'
import { FORMAT_LABELS, type DecodedFormat, type DecodedPixels, type PageOptions } from './decode-types'
import { renderEps } from './eps-render'

export interface DecodeLimits {
  /** Largest width × height accepted, checked on the declared size before decoding. */
  maxPixels: number
  /** Deadline of the decode; the decoder is killed after it. */
  timeoutMs: number
  /** A render's deadline; `onAbort` says what to throw when it fires. */
  signal?: AbortSignal
  onAbort?: () => Error
}

/**
 * Decodes a source file in a format sharp cannot read into 8-bit pixels: HEIC, JPEG XL, PSD and
 * PDF (the page `page` asks for) in the decoder process, EPS with Ghostscript.
 * @throws AppError 400 (`invalid_image`, `image_too_large`, `bad_request`, `unsupported_format`)
 */
export const decodeSource = async (
  file: string,
  format: DecodedFormat,
  page: PageOptions,
  limits: DecodeLimits
): Promise<DecodedPixels> => {
  if (format === 'eps') return renderEps(file, limits)
  const bytes = await readFile(file)
  return decoderHost().decode(
    { kind: 'decode', format, bytes, maxPixels: limits.maxPixels, page },
    {
      timeoutMs: limits.timeoutMs,
      label: FORMAT_LABELS[format],
      ...(limits.signal ? { signal: limits.signal } : {}),
      ...(limits.onAbort ? { onAbort: limits.onAbort } : {})
    }
  )
}
