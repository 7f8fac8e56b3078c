import type { IncomingMessage } from 'node:http'

/**
 * Reads and drops what is left of a request body, for at most `waitMs`. A client still sending
 * an upload the server has already refused (a full disk, a bad key) then reads the answer
 * instead of a reset connection. Resolves true when the whole body arrived.
 */
export const discardRestOfBody = (raw: IncomingMessage, waitMs: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (raw.complete || raw.readableEnded) return resolve(true)
    if (raw.destroyed) return resolve(false)
    const finish = () => {
      clearTimeout(timer)
      raw.off('end', finish)
      raw.off('close', finish)
      resolve(raw.complete || raw.readableEnded)
    }
    const timer = setTimeout(finish, waitMs)
    raw.on('end', finish)
    raw.on('close', finish)
    // the multipart parser may still be attached: detach it, then let the bytes flow to nowhere
    raw.unpipe()
    raw.resume()
  })
