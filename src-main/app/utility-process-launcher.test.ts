import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import { describe, expect, it, vi } from 'vitest'
import type { ForkOptions } from 'electron'
import type { DecoderReply } from '../engine/decoders/decode-types'
import { describeLauncherContract } from '../engine/decoders/testing/launcher-contract'
import { emulatedUtilityFork } from './testing/emulated-utility-process'
import { createUtilityProcessLauncher, type UtilityChild } from './utility-process-launcher'

// Electron's binary cannot run here: these tests drive the adapter with stand-ins for
// `utilityProcess.fork`. The packaged app itself is not exercised.

/** A `UtilityProcess`-shaped object that records what the adapter does with it. */
const fakeUtilityProcess = () => {
  const child = Object.assign(new EventEmitter(), {
    pid: 4242 as number | undefined,
    stderr: new PassThrough(),
    postMessage: vi.fn((_message: unknown) => undefined),
    kill: vi.fn(() => true)
  }) satisfies UtilityChild
  const calls: { modulePath: string; args: string[]; options: ForkOptions }[] = []
  const launcher = createUtilityProcessLauncher((modulePath, args, options) => {
    calls.push({ modulePath, args, options })
    return child
  })
  return { child, calls, launcher }
}

describe('createUtilityProcessLauncher', () => {
  it('forks the module with stdin ignored, stderr piped and the heap limit', () => {
    const { calls, launcher } = fakeUtilityProcess()
    launcher({ modulePath: '/app/out/main/decoder-process.js', heapMb: 1024 })
    expect(calls).toEqual([
      {
        modulePath: '/app/out/main/decoder-process.js',
        args: [],
        options: {
          serviceName: 'Darkroom decoders',
          execArgv: ['--max-old-space-size=1024'],
          stdio: ['ignore', 'ignore', 'pipe']
        }
      }
    ])
  })

  it('posts requests, and hands replies and exit codes to listeners until they stop listening', () => {
    const { child, launcher } = fakeUtilityProcess()
    const handle = launcher({ modulePath: '/m.js', heapMb: 64 })
    const request = {
      id: 1,
      job: { kind: 'decode', format: 'pdf', bytes: new Uint8Array(1), maxPixels: 9 }
    } as const
    handle.send(request)
    expect(child.postMessage).toHaveBeenCalledWith(request)

    const replies: DecoderReply[] = []
    const exits: (number | null)[] = []
    const stopReplies = handle.onMessage((reply) => replies.push(reply))
    const stopExits = handle.onExit((code) => exits.push(code))
    child.emit('message', { id: 1, ok: true })
    child.emit('exit', 15)
    stopReplies()
    stopExits()
    child.emit('message', { id: 2, ok: true })
    child.emit('exit', 0)
    expect(replies).toEqual([{ id: 1, ok: true }])
    expect(exits).toEqual([15])
    expect(child.listenerCount('message') + child.listenerCount('exit')).toBe(0)
  })

  it('passes stderr on as text, reads the pid live, and kills through UtilityProcess.kill', () => {
    const { child, launcher } = fakeUtilityProcess()
    const handle = launcher({ modulePath: '/m.js', heapMb: 64 })
    const text: string[] = []
    handle.onStderr((chunk) => text.push(chunk))
    child.stderr.write(Buffer.from('libheif: warning\n'))
    expect(text.join('')).toBe('libheif: warning\n')

    expect(handle.pid).toBe(4242)
    child.pid = undefined
    expect(handle.pid).toBeUndefined()

    handle.ref()
    handle.unref()
    handle.kill()
    expect(child.kill).toHaveBeenCalledTimes(1)
  })
})

describeLauncherContract(
  'utility process (emulated on Node)',
  createUtilityProcessLauncher(emulatedUtilityFork)
)
