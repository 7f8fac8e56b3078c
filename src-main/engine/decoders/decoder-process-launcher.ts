import type { DecoderReply, DecoderRequest } from './decode-types'

/** What the host asks a launcher to start. */
export interface DecoderProcessSpec {
  /** The decoder process's module: decoder-process.ts under tsx, decoder-process.js when built. */
  modulePath: string
  /** Limit of the process's JavaScript heap in MB (pixels live outside it). */
  heapMb: number
}

/**
 * A running decoder process as the host drives it, whatever started it (Node's `fork`, Electron's
 * `utilityProcess`). Messages are structured-cloned both ways, so pixels travel as Uint8Arrays.
 */
export interface DecoderProcessHandle {
  /** The OS process id while it runs (used to read its memory); undefined before and after. */
  readonly pid: number | undefined
  send(request: DecoderRequest): void
  /** Listens for replies; returns the function that stops listening. */
  onMessage(listener: (reply: DecoderReply) => void): () => void
  /** Listens for the end of the process (`null`: by a signal); returns the function that stops it. */
  onExit(listener: (code: number | null) => void): () => void
  /** Text the process writes to stderr: decoder warnings, and the stack of a crash. */
  onStderr(listener: (text: string) => void): void
  /** Ends the process at once, whatever it is doing. */
  kill(): void
  /** Lets the process keep the host's event loop alive (while a job runs)... */
  ref(): void
  /** ...or not (while it idles), where the host's runtime has such a notion. */
  unref(): void
}

/** Starts a decoder process. */
export type DecoderProcessLauncher = (spec: DecoderProcessSpec) => DecoderProcessHandle
