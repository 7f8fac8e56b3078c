import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import rokka from 'rokka'
import type { Config } from 'rokka'
import { afterAll, beforeAll, expect } from 'vitest'

/** The official client, as `rokka({...})` returns it. */
export type RokkaClient = ReturnType<typeof rokka>

/** What the headless server writes to `credentials.json` on its first start. */
export interface LocalCredentials {
  user_id: string
  email: string
  organization: string
  api_key: string
}

export interface ApiServer {
  /** `http://127.0.0.1:<port>` */
  url: string
  port: number
  dataDir: string
  credentials: LocalCredentials
  /** The owner's organization, `local`. */
  org: string
  /** The owner's client (admin of `local`). */
  client: RokkaClient
  /** Another official client on this server: with `apiKey`, or with none (public calls only). */
  clientFor(apiKey?: string, config?: Config): RokkaClient
  /** Everything the server printed so far. */
  output(): string
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const LISTENING = /Darkroom listening on http:\/\/127\.0\.0\.1:(\d+)/
const START_TIMEOUT_MS = 45_000
const STOP_TIMEOUT_MS = 15_000

/** The client's role names (its `Role` enum is declared in types only). */
export const ROLES = rokka().memberships.ROLES

export const sha1 = (data: Buffer | string): string => createHash('sha1').update(data).digest('hex')

/** RFC 3339 with a numeric offset, as rokka writes dates (`2019-12-10T11:13:24+00:00`). */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}$/

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A rejected call of the official client: it throws the response with the parsed error body. */
export interface RokkaFailure {
  statusCode: number
  body: { code: number; message: string; invalid_authentication?: boolean }
  response: Response
}

const isFailure = (value: unknown): value is RokkaFailure =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RokkaFailure).statusCode === 'number'

/** Awaits a call that must fail; returns what the client threw, checking the status code. */
export const failure = async (call: Promise<unknown>, status: number): Promise<RokkaFailure> => {
  let outcome: unknown
  try {
    outcome = await call
  } catch (error) {
    if (!isFailure(error)) throw error
    expect(error.statusCode, JSON.stringify(error.body)).toBe(status)
    // rokka's error body: the HTTP status repeated as `code`, and a message a person can act on
    expect(error.body).toMatchObject({ code: status, message: expect.any(String) })
    return error
  }
  throw new Error(
    `expected a ${status} failure, got success: ${JSON.stringify(outcome)?.slice(0, 300)}`
  )
}

interface Started {
  child: ChildProcess
  exited: Promise<number | null>
  port: number
  output: () => string
}

const spawnServer = async (dataDir: string): Promise<Started> => {
  // node itself with tsx's loader, not the tsx wrapper: signals then reach the server directly,
  // and the exit code is the server's own (the wrapper may answer SIGTERM with 143 under load)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/headless.ts', '--port', '0', '--data-dir', dataDir, '--quiet'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let output = ''
  const collect = (chunk: Buffer) => {
    output += chunk.toString()
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code))
  )
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms:\n${output}`))
    }, START_TIMEOUT_MS)
    child.stdout?.on('data', () => {
      const match = LISTENING.exec(output)
      if (!match) return
      clearTimeout(timer)
      resolve(Number(match[1]))
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code} before listening:\n${output}`))
    })
  })
  return { child, exited, port, output: () => output }
}

/** SIGTERM, then wait for the exit (tsx passes the signal on to the server); SIGKILL if stuck. */
const stopServer = async (started: Started): Promise<number | null> => {
  if (started.child.exitCode !== null) return started.child.exitCode
  started.child.kill('SIGTERM')
  const timer = setTimeout(() => started.child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  const code = await started.exited
  clearTimeout(timer)
  return code
}

/**
 * Starts the real headless server (port 0, fresh temp data folder) once for the calling test
 * file and stops it after the file. The returned object is filled in by `beforeAll`.
 */
export const useApiServer = (): ApiServer => {
  const server = {} as ApiServer
  let started: Started | undefined
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'darkroom-api-'))
    try {
      started = await spawnServer(dataDir)
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true })
      throw error
    }
    const credentials = JSON.parse(
      await readFile(join(dataDir, 'credentials.json'), 'utf8')
    ) as LocalCredentials
    const url = `http://127.0.0.1:${started.port}`
    const clientFor = (apiKey?: string, config: Config = {}) =>
      rokka({ apiHost: url, transport: { retries: 0 }, ...config, ...(apiKey ? { apiKey } : {}) })
    Object.assign(server, {
      url,
      port: started.port,
      dataDir,
      credentials,
      org: credentials.organization,
      client: clientFor(credentials.api_key),
      clientFor,
      output: started.output
    } satisfies ApiServer)
  })
  afterAll(async () => {
    if (!started) return
    const code = await stopServer(started)
    await rm(server.dataDir, { recursive: true, force: true })
    expect(code, `the server did not shut down cleanly:\n${started.output()}`).toBe(0)
  })
  return server
}
