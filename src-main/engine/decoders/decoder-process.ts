/**
 * The decoder process: runs the WebAssembly decoders (libheif, libjxl, MuPDF) and the PSD reader
 * apart from the server, one job at a time, so a slow or runaway decode can be killed by its
 * deadline without touching the server. Started by decoder-host.ts through a launcher: Node's
 * `fork` (server, tests) or Electron's `utilityProcess` (desktop app).
 */
import { DecodeFailure, type DecoderJob, type DecoderReply } from './decode-types'
import type { DecoderRequest } from './decode-types'
import { serveDecoderRequests } from './decoder-process-channel'
import { decodeHeif } from './heif-decode'
import { decodeJxl, encodeJxl } from './jxl-codec'
import { renderPdfPage } from './pdf-render'
import { decodePsd } from './psd-decode'

const run = async (job: DecoderJob): Promise<Omit<DecoderReply & { ok: true }, 'id'>> => {
  if (job.kind === 'encode-jxl') return { ok: true, bytes: await encodeJxl(job, job) }
  switch (job.format) {
    case 'heic':
      return { ok: true, pixels: await decodeHeif(job.bytes, job.maxPixels) }
    case 'jxl':
      return { ok: true, pixels: await decodeJxl(job.bytes, job.maxPixels) }
    case 'pdf':
      return { ok: true, pixels: await renderPdfPage(job.bytes, job.maxPixels, job.page ?? {}) }
    case 'psd':
      return { ok: true, pixels: decodePsd(job.bytes, job.maxPixels) }
  }
}

const answer = async ({ id, job }: DecoderRequest): Promise<DecoderReply> => {
  try {
    return { id, ...(await run(job)) }
  } catch (error) {
    if (error instanceof DecodeFailure) return { id, ok: false, code: error.code, message: error.message }
    return { id, ok: false, code: 'internal', message: error instanceof Error ? error.message : String(error) }
  }
}

serveDecoderRequests(answer)
