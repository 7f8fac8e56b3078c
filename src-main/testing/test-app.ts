import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createServices, type ServiceOptions, type Services } from '../services'
import { buildHttpApp, type HttpAppOptions } from '../http/app'
import { ensureLocalOwner } from '../identity/bootstrap'

export interface TestApp {
  app: FastifyInstance
  services: Services
  dataDir: string
  apiKey: string
  close(): Promise<void>
}

/** A real app on a temp data folder (real SQLite, real blob store), driven with `inject()`. */
export const createTestApp = async (
  options: Partial<ServiceOptions> = {},
  http: HttpAppOptions = {}
): Promise<TestApp> => {
  const dataDir = await mkdtemp(join(tmpdir(), 'darkroom-test-'))
  const services = await createServices({ dataDir, ...options })
  await ensureLocalOwner(services.db, services.identity, dataDir)
  const { readFile } = await import('node:fs/promises')
  const credentials = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as {
    api_key: string
  }
  const app = await buildHttpApp(services, http)
  await app.ready()
  return {
    app,
    services,
    dataDir,
    apiKey: credentials.api_key,
    close: async () => {
      await app.close()
      await services.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

/** A multipart/form-data body built by hand, so tests control every byte of it. */
export const multipartBody = (
  parts: ({ name: string; value: string } | { name: string; filename: string; data: Buffer; type?: string })[]
): { body: Buffer; contentType: string } => {
  const boundary = `----darkroom${Math.random().toString(16).slice(2)}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    if ('data' in part) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`
        ),
        part.data,
        Buffer.from('\r\n')
      )
    } else {
      chunks.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`)
      )
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** `POST /sourceimages/{org}` with `parts` as multipart, under the test app's admin key. */
export const injectUpload = (
  t: Pick<TestApp, 'app' | 'apiKey'>,
  parts: Parameters<typeof multipartBody>[0],
  org = 'local'
) => {
  const { body, contentType } = multipartBody(parts)
  return t.app.inject({
    method: 'POST',
    url: `/sourceimages/${org}`,
    headers: { 'api-key': t.apiKey, 'content-type': contentType },
    payload: body
  })
}
