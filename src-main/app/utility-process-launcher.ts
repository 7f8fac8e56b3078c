import type { ForkOptions } from 'electron'
import type { DecoderReply } from '../engine/decoders/decode-types'
import type { DecoderProcessLauncher } from '../engine/decoders/decoder-process-launcher'

/** The parts of Electron's `UtilityProcess` the decoder host needs. */
export interface UtilityChild {
  readonly pid: number | undefined
  readonly stderr: NodeJS.ReadableStream | null
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}

/** `utilityProcess.fork`, passed in so this adapter runs without Electron in tests. */
export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityChild

/**
 * Starts the decoder process as an Electron utility process: the desktop app's way, as packaged
 * apps cannot run their Electron binary as plain Node (the `runAsNode` fuse is off). The child
 * answers over `process.parentPort` (decoder-process-channel.ts).
 */
export const createUtilityProcessLauncher =
  (fork: UtilityFork): DecoderProcessLauncher =>
  ({ modulePath, heapMb }) => {
    const child = fork(modulePath, [], {
      serviceName: 'Darkroom decoders',
      // Whether Electron applies this V8 flag here is not documented; the host's memory watch
      // caps the process either way.
      execArgv: [`--max-old-space-size=${heapMb}`],
      // stdin must be ignored; stderr is kept to explain a crash.
      stdio: ['ignore', 'ignore', 'pipe']
    })
    child.stderr?.setEncoding('utf8')
    return {
      get pid() {
        return child.pid
      },
      send: (request) => child.postMessage(request),
      onMessage: (listener) => {
        // Only decoder-process.ts posts to this process, and it posts DecoderReply objects.
        const onMessage = (message: unknown): void => listener(message as DecoderReply)
        child.on('message', onMessage)
        return () => child.off('message', onMessage)
      },
      onExit: (listener) => {
        const onExit = (code: number): void => listener(code)
        child.on('exit', onExit)
        return () => child.off('exit', onExit)
      },
      onStderr: (listener) => {
        child.stderr?.on('data', (text: string | Buffer) => listener(String(text)))
      },
      // SIGTERM on POSIX (the decoder process does not handle it, so it ends at once),
      // TerminateProcess on Windows.
      kill: () => {
        child.kill()
      },
      // Electron's main process lives until the app quits, not while its event loop has work.
      ref: () => undefined,
      unref: () => undefined
    }
  }
