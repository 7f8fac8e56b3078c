import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DecoderReply, DecoderRequest } from './decode-types'
import {
  PARENT_CHECK_MS,
  serveDecoderRequests,
  type DecoderProcessSelf,
  type ParentPortLike
} from './decoder-process-channel'

const request: DecoderRequest = {
  id: 7,
  job: { kind: 'decode', format: 'psd', bytes: new Uint8Array(4), maxPixels: 100 }
}
const answer = async ({ id }: DecoderRequest): Promise<DecoderReply> => ({
  id,
  ok: true,
  bytes: new Uint8Array([1])
})

/** A stand-in for `process`: forked (an IPC channel) or a utility process (a parent port). */
const fakeSelf = (port: ParentPortLike | null) => {
  const events = new EventEmitter()
  const self = {
    parentPort: port,
    ppid: 100,
    on: (event: 'message' | 'disconnect', listener: (message?: unknown) => void) =>
      events.on(event, listener),
    send: vi.fn((_message: unknown) => true),
    exit: vi.fn((_code?: number) => undefined)
  } satisfies DecoderProcessSelf
  return { self, events }
}

const fakePort = () => {
  const events = new EventEmitter()
  const port = {
    on: (event: 'message', listener: (event: { data: unknown }) => void) =>
      events.on(event, listener),
    postMessage: vi.fn((_message: unknown) => undefined)
  } satisfies ParentPortLike
  return { port, events }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('serveDecoderRequests', () => {
  it('answers over the IPC channel when forked, and exits when the server disconnects', async () => {
    const { self, events } = fakeSelf(null)
    serveDecoderRequests(answer, self)
    events.emit('message', request)
    await vi.waitFor(() =>
      expect(self.send).toHaveBeenCalledWith({ id: 7, ok: true, bytes: new Uint8Array([1]) })
    )
    expect(self.exit).not.toHaveBeenCalled()
    events.emit('disconnect')
    expect(self.exit).toHaveBeenCalledWith(0)
  })

  it('answers over the parent port in a utility process, reading the request from event.data', async () => {
    const { port, events: portEvents } = fakePort()
    const { self, events } = fakeSelf(port)
    serveDecoderRequests(answer, self)
    portEvents.emit('message', { data: request, ports: [] })
    await vi.waitFor(() =>
      expect(port.postMessage).toHaveBeenCalledWith({ id: 7, ok: true, bytes: new Uint8Array([1]) })
    )
    // Node's channel is not used there.
    expect(events.listenerCount('message')).toBe(0)
    expect(self.send).not.toHaveBeenCalled()
  })

  it('exits a utility process once the process that started it is gone', () => {
    vi.useFakeTimers()
    const { port } = fakePort()
    const { self } = fakeSelf(port)
    serveDecoderRequests(answer, self)
    vi.advanceTimersByTime(PARENT_CHECK_MS * 3)
    expect(self.exit).not.toHaveBeenCalled()
    // The parent died: the process was handed to init (or a subreaper).
    self.ppid = 1
    vi.advanceTimersByTime(PARENT_CHECK_MS)
    expect(self.exit).toHaveBeenCalledWith(0)
  })
})
