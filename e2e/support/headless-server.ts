import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RunningServer {
  url: string
  port: number
  dataDir: string
  apiKey: string
  process: ChildProcess
  output: () => string
  /** SIGTERM, then wait for a clean exit. */
  stop(): Promise<number | null>
  /** SIGKILL, as a crash or a power cut would. */
  kill(): Promise<void>
}

export const newDataDir = () => mkdtemp(join(tmpdir(), 'darkroom-e2e-'))

/**
 * Starts `npm run serve`'s program (node + tsx, one process so signals reach the server itself)
 * on a free loopback port and waits for its listening line.
 */
export const startHeadlessServer = async (
  dataDir?: string,
  extraArgs: string[] = []
): Promise<RunningServer> => {
  const dir = dataDir ?? (await newDataDir())
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/headless.ts', '--port', '0', '--data-dir', dir, '--quiet', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000)
    const check = () => {
      const match = /Darkroom listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout?.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
  const credentials = JSON.parse(await readFile(join(dir, 'credentials.json'), 'utf8')) as { api_key: string }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir: dir,
    apiKey: credentials.api_key,
    process: child,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM')
      return exited
    },
    kill: async () => {
      child.kill('SIGKILL')
      await exited
    }
  }
}
