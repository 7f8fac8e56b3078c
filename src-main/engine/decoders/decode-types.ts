/** Formats sharp cannot read that Darkroom decodes itself, as rokka names them. */
export type DecodedFormat = 'heic' | 'jxl' | 'psd' | 'pdf' | 'eps'

export const DECODED_FORMATS: ReadonlySet<string> = new Set<DecodedFormat>(['heic', 'jxl', 'psd', 'pdf', 'eps'])

export const isDecodedFormat = (format: string): format is DecodedFormat => DECODED_FORMATS.has(format)

/** Names for people, used in messages. */
export const FORMAT_LABELS: Record<DecodedFormat, string> = {
  heic: 'HEIC',
  jxl: 'JPEG XL',
  psd: 'PSD',
  pdf: 'PDF',
  eps: 'EPS'
}

/** Which page of a document to rasterise and how finely (PDF). */
export interface PageOptions {
  /** 1-based page number. */
  page?: number
  dpi?: number
  /** Draw only a preview fitting this many pixels (checks and measures without the full cost). */
  previewSize?: number
}

/** Decoded pixels: 8-bit, interleaved, 3 (RGB) or 4 (RGBA) channels. */
export interface DecodedPixels {
  data: Uint8Array
  width: number
  height: number
  channels: 3 | 4
  /** Pages or top-level images in the file, when more than one. */
  pages?: number
  /** The full size, when these pixels are a reduced preview of it (PDF probes). */
  fullSize?: { width: number; height: number }
}

/** What a decoder job asks the decoder process for. */
export type DecoderJob =
  | {
      kind: 'decode'
      format: Exclude<DecodedFormat, 'eps'>
      bytes: Uint8Array
      maxPixels: number
      page?: PageOptions
    }
  | {
      kind: 'encode-jxl'
      data: Uint8Array
      width: number
      height: number
      quality: number
      effort: number
    }

/** Why a file could not be decoded: a damaged file, one too large, or a page that does not exist. */
export type DecodeFailureCode = 'invalid' | 'too_large' | 'bad_option'

/** A refusal a user should read (becomes a 400); anything else thrown is Darkroom's fault. */
export class DecodeFailure extends Error {
  constructor(
    readonly code: DecodeFailureCode,
    message: string
  ) {
    super(message)
    this.name = 'DecodeFailure'
  }
}

/** What the host sends the decoder process: a job and the id its reply carries. */
export interface DecoderRequest {
  id: number
  job: DecoderJob
}

export type DecoderReply =
  | { id: number; ok: true; pixels?: DecodedPixels; bytes?: Uint8Array }
  | { id: number; ok: false; code: DecodeFailureCode | 'internal'; message: string }
