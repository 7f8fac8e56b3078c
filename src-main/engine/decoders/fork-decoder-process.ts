import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type { DecoderReply } from './decode-types'
import type { DecoderProcessLauncher } from './decoder-process-launcher'

/** A TypeScript module (development, tests) needs tsx's loader in the child too. */
const loaderFor = (modulePath: string): string[] =>
  modulePath.endsWith('.ts')
    ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href]
    : []

/** stdio pipes keep the event loop alive like the process does; they follow its ref state. */
const unrefStream = (stream: unknown): void => (stream as { unref?: () => void } | null)?.unref?.()
const refStream = (stream: unknown): void => (stream as { ref?: () => void } | null)?.ref?.()

/**
 * Starts the decoder process with Node's `child_process.fork`: what the server (`npm run serve`)
 * and the tests use. Not for Electron, whose binary runs scripts as Node only when allowed to.
 */
export const forkDecoderProcess: DecoderProcessLauncher = ({ modulePath, heapMb }) => {
  const child = fork(modulePath, [], {
    execArgv: [...loaderFor(modulePath), `--max-old-space-size=${heapMb}`],
    serialization: 'advanced',
    // libheif and MuPDF print warnings about damaged files; the replies carry what matters, and
    // the host keeps only the end of stderr, to explain a crash.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  child.stderr?.setEncoding('utf8')
  return {
    get pid() {
      return child.pid
    },
    send: (request) => {
      child.send(request)
    },
    onMessage: (listener) => {
      // Only decoder-process.ts talks on this channel, and it sends DecoderReply objects.
      const onMessage = (message: unknown): void => listener(message as DecoderReply)
      child.on('message', onMessage)
      return () => child.off('message', onMessage)
    },
    onExit: (listener) => {
      const onExit = (code: number | null): void => listener(code)
      child.on('exit', onExit)
      return () => child.off('exit', onExit)
    },
    onStderr: (listener) => {
      child.stderr?.on('data', listener)
    },
    kill: () => {
      child.kill('SIGKILL')
    },
    ref: () => {
      child.ref()
      child.channel?.ref()
      refStream(child.stderr)
    },
    unref: () => {
      child.unref()
      child.channel?.unref()
      unrefStream(child.stderr)
    }
  }
}
