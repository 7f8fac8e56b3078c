import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, expect } from 'vitest'
import { startHeadlessServer, type RunningServer } from '../../support/headless-server'
import { checkStoreInvariants } from '../../support/store-invariants'
import { createTestApp, type TestApp } from '../../../src-main/testing/test-app'
import { listenOnLoopback } from '../../../src-main/http/server'
import type { ServiceOptions } from '../../../src-main/services'
import type { HttpAppOptions } from '../../../src-main/http/app'
import { send, type Answer, type SendOptions } from './http-client'
import { multipart, type Part } from './multipart'

/** The server a hardening test file talks to, over a real loopback socket. */
export interface Target {
  url: string
  port: number
  apiKey: string
  dataDir: string
  org: string
  /** The process serving requests: the headless child, or this test process. */
  pid: number
  send(path: string, options?: SendOptions): Promise<Answer>
  /** `POST /sourceimages/local` with these parts, authenticated. */
  upload(parts: Part[], options?: SendOptions): Promise<Answer>
  /** A file under `filedata` with a harmless name. */
  uploadFile(data: Buffer, filename?: string, type?: string): Promise<Answer>
  /** True when the server still answers an ordinary authenticated request. */
  isAlive(): Promise<boolean>
  /** What the headless server printed so far (empty in process). */
  output(): string
}

const targetOn = (url: string, port: number, apiKey: string, dataDir: string, pid: number, output = () => ''): Target => {
  const target: Target = {
    output,
    url,
    port,
    apiKey,
    dataDir,
    org: 'local',
    pid,
    send: (path, options = {}) => send(url, path, options),
    upload: (parts, options = {}) => {
      const { body, contentType } = multipart(parts)
      return send(url, '/sourceimages/local', {
        method: 'POST',
        body,
        deadlineMs: 60_000,
        ...options,
        headers: { 'api-key': apiKey, 'content-type': contentType, ...options.headers }
      })
    },
    uploadFile: (data, filename = 'image.bin', type = 'application/octet-stream') =>
      target.upload([{ name: 'filedata', filename, data, type }]),
    isAlive: async () => {
      const answer = await send(url, '/sourceimages/local?limit=1', {
        headers: { 'api-key': apiKey },
        deadlineMs: 15_000
      })
      return answer.status === 200
    }
  }
  return target
}

/** Stops nothing; checks I2, I3, no temp files and `integrity_check` on a quiet store. */
export const expectStoreInvariants = async (dataDir: string): Promise<void> => {
  const report = await checkStoreInvariants(dataDir)
  expect(report.misnamed, 'objects whose content does not match their name').toEqual([])
  expect(report.dangling, 'rows without their object').toEqual([])
  expect(report.temp, 'files left in blobs/tmp').toBe(0)
  expect(report.integrity).toBe('ok')
}

/**
 * The real headless server (`npm run serve`'s program) as a child process for this test file;
 * memory is measured on that child. After the file: clean stop, then the store invariants.
 */
export const useHeadlessTarget = (options: { checkStore?: boolean } = {}): Target => {
  const target = {} as Target
  let server: RunningServer | undefined
  beforeAll(async () => {
    server = await startHeadlessServer()
    Object.assign(target, targetOn(server.url, server.port, server.apiKey, server.dataDir, server.process.pid as number, server.output))
  }, 60_000)
  afterAll(async () => {
    if (!server) return
    expect(await target.isAlive(), 'the server answers after the whole file').toBe(true)
    const code = await server.stop()
    expect(code, server.output()).toBe(0)
    if (options.checkStore !== false) await expectStoreInvariants(server.dataDir)
    await rm(server.dataDir, { recursive: true, force: true })
  }, 60_000)
  return target
}

/**
 * Darkroom's app built in this process with chosen limits and seams, listening on a real
 * loopback port (as `npm run serve` does), for cases that need settings the CLI does not offer.
 */
export const useInProcessTarget = (
  services: Partial<ServiceOptions> = {},
  http: HttpAppOptions = {},
  options: { checkStore?: boolean } = {}
): Target & { app: () => TestApp } => {
  const target = {} as Target & { app: () => TestApp }
  let testApp: TestApp | undefined
  beforeAll(async () => {
    testApp = await createTestApp(services, http)
    const port = await listenOnLoopback(testApp.app, 0)
    Object.assign(target, targetOn(`http://127.0.0.1:${port}`, port, testApp.apiKey, testApp.dataDir, process.pid), {
      app: () => testApp as TestApp
    })
  }, 60_000)
  afterAll(async () => {
    if (!testApp) return
    expect(await target.isAlive(), 'the server answers after the whole file').toBe(true)
    await testApp.app.close()
    await testApp.services.close()
    if (options.checkStore !== false) await expectStoreInvariants(testApp.dataDir)
    await rm(testApp.dataDir, { recursive: true, force: true })
  }, 60_000)
  return target
}
