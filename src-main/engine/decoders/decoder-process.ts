/**
 * The decoder process: runs the WebAssembly decoders (libheif, libjxl, MuPDF) and the PSD reader
 * apart from the server, one job at a time, so a slow or runaway decode can be killed by its
 * deadline without touching the server. Started by decoder-host.ts over an IPC channel.
 */
import { DecodeFailure, type DecoderJob, type DecoderReply } from './decode-types'
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

const answer = async (id: number, job: DecoderJob): Promise<DecoderReply> => {
  try {
    return { id, ...(await run(job)) }
  } catch (error) {
    if (error instanceof DecodeFailure) return { id, ok: false, code: error.code, message: error.message }
    return { id, ok: false, code: 'internal', message: error instanceof Error ? error.message : String(error) }
  }
}

process.on('message', (message: { id: number; job: DecoderJob }) => {
  void answer(message.id, message.job).then((reply) => process.send?.(reply))
})
// The server is gone: nothing is left to answer.
process.on('disconnect', () => process.exit(0))
