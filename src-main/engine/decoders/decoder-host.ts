import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { imageTooLarge, invalidImage } from '../../errors'
import { decodeFailureError } from './decode-errors'
import { residentBytes } from './resident-memory'
import type { DecodedPixels, DecoderJob, DecoderReply } from './decode-types'
import type { DecoderProcessHandle, DecoderProcessLauncher } from './decoder-process-launcher'
import { forkDecoderProcess } from './fork-decoder-process'

export interface DecoderRunOptions {
  /** The job is killed, with its decoder process, when it runs longer than this. */
  timeoutMs: number
  /** What the job's file is called in messages, e.g. `HEIC`. */
  label: string
  /** Stops the job early (a render's deadline); `onAbort` says what to throw then. */
  signal?: AbortSignal
  onAbort?: () => Error
}

type Success = Extract<DecoderReply, { ok: true }>

const seconds = (ms: number): string => String(Number((ms / 1000).toFixed(1)))
const memorySize = (bytes: number): string =>
  bytes >= 1024 ** 3 ? `${Number((bytes / 1024 ** 3).toFixed(2))} GB` : `${Math.round(bytes / 1024 ** 2)} MB`

/**
 * The decoder process's module beside this one: decoder-process.ts under tsx (development, tests);
 * built, this module is inside out/main/index.js, and the build emits out/main/decoder-process.js.
 */
export const defaultDecoderProcessModule = (): string => {
  const file = import.meta.url.endsWith('.ts') ? './decoder-process.ts' : './decoder-process.js'
  return fileURLToPath(new URL(file, import.meta.url))
}

/** JS heap of the decoder process; pixels live in Buffers and WebAssembly memory outside it. */
const CHILD_HEAP_MB = 1024
/**
 * Resident memory a job may make the decoder process use, WebAssembly memory included: room for
 * a 225-megapixel image and its copies. Checked every MEMORY_CHECK_MS where /proc exists.
 */
export const DEFAULT_DECODER_MEMORY_BYTES = 3 * 1024 ** 3
const MEMORY_CHECK_MS = 100

export interface DecoderHostOptions {
  /** Resident memory a job may make the decoder process use (default 3 GB). */
  memoryBytes?: number
  /** How the process is started (default Node's fork; the desktop app uses a utility process). */
  launcher?: DecoderProcessLauncher
  /** The decoder process's module (default: the one beside this module). */
  modulePath?: string
}

/**
 * Runs decoder jobs in a child process, one at a time. A job that outlives its deadline, or is
 * aborted, kills the process; the next job starts a fresh one. The process is started on the
 * first job and does not keep the server's event loop alive while idle.
 */
export class DecoderHost {
  private readonly memoryBytes: number
  private readonly launcher: DecoderProcessLauncher
  private readonly modulePath: string

  constructor(options: DecoderHostOptions = {}) {
    this.memoryBytes = options.memoryBytes ?? DEFAULT_DECODER_MEMORY_BYTES
    this.launcher = options.launcher ?? forkDecoderProcess
    this.modulePath = options.modulePath ?? defaultDecoderProcessModule()
  }

  private child: DecoderProcessHandle | null = null
  /** The end of what the decoder process printed on stderr, for reporting its crashes. */
  private stderrTail = ''
  private queue: Promise<unknown> = Promise.resolve()
  private nextId = 1

  /** Decodes to pixels; decoder refusals become the 400 a user should read. */
  async decode(job: Extract<DecoderJob, { kind: 'decode' }>, options: DecoderRunOptions): Promise<DecodedPixels> {
    const reply = await this.run(job, options)
    if (!reply.pixels) throw new Error('The decoder process answered without pixels')
    return reply.pixels
  }

  /** Encodes RGBA pixels to JPEG XL. */
  async encodeJxl(job: Extract<DecoderJob, { kind: 'encode-jxl' }>, options: DecoderRunOptions): Promise<Uint8Array> {
    const reply = await this.run(job, options)
    if (!reply.bytes) throw new Error('The decoder process answered without bytes')
    return reply.bytes
  }

  /** Stops the decoder process, if one runs. */
  close(): void {
    this.child?.kill()
    this.child = null
  }

  private run(job: DecoderJob, options: DecoderRunOptions): Promise<Success> {
    const turn = this.queue.then(() => this.exec(job, options))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private start(): DecoderProcessHandle {
    // Every build emits the module (electron.vite.config.ts); without it the build is broken.
    if (!existsSync(this.modulePath)) {
      const missing = `The decoder process module is missing (${this.modulePath})`
      throw new Error(`${missing}: this build of Darkroom is incomplete.`)
    }
    const child = this.launcher({ modulePath: this.modulePath, heapMb: CHILD_HEAP_MB })
    this.stderrTail = ''
    child.onStderr((text) => {
      this.stderrTail = (this.stderrTail + text).slice(-4000)
    })
    child.onExit(() => {
      if (this.child === child) this.child = null
    })
    return child
  }

  private exec(job: DecoderJob, options: DecoderRunOptions): Promise<Success> {
    if (options.signal?.aborted) return Promise.reject(options.onAbort?.() ?? new Error('aborted'))
    const child = (this.child ??= this.start())
    child.ref()
    const id = this.nextId++
    return new Promise<Success>((resolve, reject) => {
      let settled = false
      const finish = (settle: () => void): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        clearInterval(memoryWatch)
        stopMessages()
        stopExit()
        options.signal?.removeEventListener('abort', onAbort)
        child.unref()
        settle()
      }
      const kill = (error: Error): void => {
        if (this.child === child) this.child = null
        child.kill()
        finish(() => reject(error))
      }
      const onMessage = (reply: DecoderReply): void => {
        if (reply.id !== id) return
        finish(() => (reply.ok ? resolve(reply) : reject(replyError(reply, options.label))))
      }
      // Exit code 1 is an uncaught error (Darkroom's fault, a 500); anything else (an abort for
      // lack of memory, a signal) is blamed on the file.
      const onExit = (code: number | null): void =>
        finish(() =>
          reject(
            code === 1
              ? new Error(`The decoder process failed: ${this.stderrTail.trim().split('\n').slice(-3).join(' ').slice(0, 500)}`)
              : invalidImage(
                  `Darkroom's decoder stopped while reading the ${options.label} file; it needs more memory than Darkroom allows or is damaged.`
                )
          )
        )
      const onAbort = (): void => kill(options.onAbort?.() ?? new Error('aborted'))
      const timer = setTimeout(
        () =>
          kill(
            imageTooLarge(
              `Decoding the ${options.label} file took longer than ${seconds(options.timeoutMs)} s; it is too complex for Darkroom to process.`
            )
          ),
        options.timeoutMs
      )
      const checkMemory = (): void => {
        if (child.pid === undefined) return
        void residentBytes(child.pid).then((bytes) => {
          if (settled || bytes === null || bytes <= this.memoryBytes) return
          kill(
            imageTooLarge(
              `Decoding the ${options.label} file needs more than ${memorySize(this.memoryBytes)} of memory; it is too large for Darkroom to process.`
            )
          )
        })
      }
      // once at the start too: a process already over the cap must not get a job that ends
      // before the first interval
      checkMemory()
      const memoryWatch = setInterval(checkMemory, MEMORY_CHECK_MS)
      const stopMessages = child.onMessage(onMessage)
      const stopExit = child.onExit(onExit)
      options.signal?.addEventListener('abort', onAbort, { once: true })
      child.send({ id, job })
    })
  }
}

const replyError = (reply: Extract<DecoderReply, { ok: false }>, label: string): Error =>
  reply.code === 'internal'
    ? new Error(`Decoding a ${label} file failed: ${reply.message}`)
    : decodeFailureError(reply.code, reply.message)

let shared: DecoderHost | null = null
let sharedLauncher: DecoderProcessLauncher = forkDecoderProcess

/**
 * Chooses how the process-wide host starts its decoder process (the desktop app: Electron's
 * utility process). A decoder process already running under another launcher is stopped.
 */
export const useDecoderProcessLauncher = (launcher: DecoderProcessLauncher): void => {
  if (launcher === sharedLauncher) return
  sharedLauncher = launcher
  shared?.close()
  shared = null
}

/** The process-wide decoder host. */
export const decoderHost = (): DecoderHost =>
  (shared ??= new DecoderHost({ launcher: sharedLauncher }))
