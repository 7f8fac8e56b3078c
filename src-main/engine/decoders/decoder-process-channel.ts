import type { DecoderReply, DecoderRequest } from './decode-types'

/** Electron's `process.parentPort` in a utility process, as far as the decoder process uses it. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  postMessage(message: unknown): void
}

/** The parts of `process` the decoder process talks through. */
export interface DecoderProcessSelf {
  /** Present (non-null) in an Electron utility process only. */
  parentPort?: ParentPortLike | null
  on(event: 'message' | 'disconnect', listener: (message?: unknown) => void): unknown
  send?: (message: unknown) => boolean
  readonly ppid: number
  exit(code?: number): void
}

/** How often a utility process checks that the process that started it still runs. */
export const PARENT_CHECK_MS = 2000

/**
 * Answers the host's requests: over `process.parentPort` when started as an Electron utility
 * process, over Node's IPC channel when forked. Either way the process exits once the host is gone.
 */
export const serveDecoderRequests = (
  answer: (request: DecoderRequest) => Promise<DecoderReply>,
  self: DecoderProcessSelf = process as unknown as DecoderProcessSelf
): void => {
  const port = self.parentPort
  if (port) {
    // Only the host writes to this port, and it sends DecoderRequest objects.
    port.on('message', ({ data }) => {
      void answer(data as DecoderRequest).then((reply) => port.postMessage(reply))
    })
    // A parent port has no close event; the parent's death shows as a new parent process id.
    const parent = self.ppid
    const check = setInterval(() => {
      if (self.ppid !== parent) self.exit(0)
    }, PARENT_CHECK_MS)
    check.unref()
    return
  }
  self.on('message', (message) => {
    void answer(message as DecoderRequest).then((reply) => self.send?.(reply))
  })
  // The server is gone: nothing is left to answer.
  self.on('disconnect', () => self.exit(0))
}
