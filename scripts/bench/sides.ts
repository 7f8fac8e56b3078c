import { fork, spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'

/** A server the benchmark started in its own process. */
export interface RunningServer {
  url: string
  pid: number
  stop(): Promise<void>
}

const TSX = ['--import', 'tsx']

/** Resolves with the first stdout line matching `pattern`; rejects if the process ends first. */
const waitForLine = (child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> =>
  new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    lines.on('line', (line) => {
      const match = pattern.exec(line)
      if (match) resolvePromise(match)
    })
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready: ${stderr.slice(-2000)}`)))
  })

const stopper = (child: ChildProcess) => () =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })

/** `npm run serve`'s entry on a free port over `dataDir`, with its API key. */
export const startDarkroom = async (
  dataDir: string,
  options: {
    env?: Record<string, string>
    /** Pin to these CPUs (taskset list, e.g. `0`). */
    cpus?: string
    /** Extra node flags, e.g. `--cpu-prof` when looking for what to speed up. */
    nodeArgs?: string[]
  } = {}
): Promise<RunningServer & { apiKey: string }> => {
  const command = [process.execPath, ...(options.nodeArgs ?? []), ...TSX, resolve('src-main/headless.ts'), '--port', '0', '--data-dir', dataDir, '--quiet']
  // taskset execs node in place, so the child's pid stays the server's
  const [program, ...args] = (options.cpus ? ['taskset', '-c', options.cpus, ...command] : command) as [string, ...string[]]
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } })
  const match = await waitForLine(child, /Darkroom listening on (http:\/\/\S+)/, 'Darkroom')
  const credentials = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as { api_key: string }
  return { url: match[1] as string, pid: child.pid as number, apiKey: credentials.api_key, stop: stopper(child) }
}

const startScript = async (script: string, args: string[], what: string): Promise<RunningServer> => {
  const child = spawn(process.execPath, [...TSX, resolve(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const match = await waitForLine(child, /^listening (\d+)$/, what)
  return { url: `http://127.0.0.1:${match[1]}`, pid: child.pid as number, stop: stopper(child) }
}

/** ipx over the files of `dir`. */
export const startIpx = (dir: string) => startScript('scripts/bench/ipx-server.ts', [dir], 'ipx')

/** A plain Node file server over `dir`. */
export const startStatic = (dir: string) => startScript('scripts/bench/static-server.ts', [dir], 'static server')

export interface FloorJob {
  file: string
  width: number
  height: number
  quality: number
  count: number
  /** Run for this long instead of `count` operations. */
  seconds?: number
  concurrency: number
}

/** The bare sharp loop, in its own process. */
export const startFloor = async () => {
  const child = fork(resolve('scripts/bench/floor-worker.ts'), [], { execArgv: TSX, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  await new Promise<void>((done, reject) => {
    child.once('message', () => done())
    child.once('exit', (code) => reject(new Error(`the sharp loop exited (${code})`)))
  })
  return {
    pid: child.pid as number,
    run: (job: FloorJob) =>
      new Promise<{ durations: number[]; wallMs: number }>((done, reject) => {
        child.once('message', (answer: { durations: number[]; wallMs: number } | { error: string }) => {
          if ('error' in answer) reject(new Error(answer.error))
          else done(answer)
        })
        child.send(job)
      }),
    stop: stopper(child)
  }
}

/** Resident and peak resident memory of a process, in MB (Linux /proc). */
export const memoryOf = async (pid: number): Promise<{ rssMb: number; peakMb: number }> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}
