import type { RasterFrame } from '../engine/context'
import { DEFAULT_MAX_PIXELS } from '../engine/probe'
import { decodeSource, type DecodeLimits } from '../engine/decoders/decode-source'
import type { DecodedFormat, PageOptions } from '../engine/decoders/decode-types'

const positiveInteger = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined

/** The `pdf.page` and `pdf.dpi` stack options, where set. */
export const pdfPageOptions = (options: Record<string, unknown>): PageOptions => {
  const page = positiveInteger(options['pdf.page'])
  const dpi = positiveInteger(options['pdf.dpi'])
  return { ...(page !== undefined ? { page } : {}), ...(dpi !== undefined ? { dpi } : {}) }
}

/** Memory the decoded pixels of recently rendered sources may keep. */
export const DEFAULT_DECODED_BUDGET_BYTES = 256 * 1024 * 1024

export interface DecodedSourceRequest {
  file: string
  /** Identifies the file's bytes (the blob hash). */
  blob: string
  format: DecodedFormat
  page: PageOptions
  timeoutMs: number
  signal: AbortSignal
  onAbort: () => Error
}

/**
 * Pixels of sources sharp cannot read, decoded once and kept (least recently used first out,
 * within a byte budget), so every size and crop of a HEIC or PDF does not decode it again.
 * Concurrent renders of one source share one decode.
 */
export const createDecodedSources = (budgetBytes = DEFAULT_DECODED_BUDGET_BYTES) => {
  const entries = new Map<string, { frame: Promise<RasterFrame>; bytes: number }>()
  let used = 0

  const evict = (): void => {
    for (const [key, entry] of entries) {
      if (used <= budgetBytes) return
      if (entry.bytes === 0) continue
      entries.delete(key)
      used -= entry.bytes
    }
  }

  const decode = async (request: DecodedSourceRequest): Promise<RasterFrame> => {
    const limits: DecodeLimits = {
      maxPixels: DEFAULT_MAX_PIXELS,
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      onAbort: request.onAbort
    }
    const pixels = await decodeSource(request.file, request.format, request.page, limits)
    const data = Buffer.from(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength)
    return { data, width: pixels.width, height: pixels.height, channels: pixels.channels, pages: 1 }
  }

  return {
    get(request: DecodedSourceRequest): Promise<RasterFrame> {
      const page = request.format === 'pdf' ? `:${request.page.page ?? 1}:${request.page.dpi ?? ''}` : ''
      const key = `${request.blob}${page}`
      const hit = entries.get(key)
      if (hit) {
        entries.delete(key)
        entries.set(key, hit)
        return hit.frame
      }
      const entry = { frame: decode(request), bytes: 0 }
      entries.set(key, entry)
      entry.frame.then(
        (frame) => {
          if (entries.get(key) !== entry) return
          entry.bytes = frame.data.length
          used += entry.bytes
          evict()
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key)
        }
      )
      return entry.frame
    }
  }
}

export type DecodedSources = ReturnType<typeof createDecodedSources>
