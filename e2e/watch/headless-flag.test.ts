import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { newDataDir, startHeadlessServer, type RunningServer } from '../support/headless-server'
import { recordFigures } from '../hardening/support/figures'
import { apiOf, cleanup, makePhotos, sha1, tempDir, waitForSettled } from './support'

const dirs: string[] = []
const servers: RunningServer[] = []
afterAll(async () => {
  for (const server of servers) if (server.process.exitCode === null) await server.stop()
  await cleanup(dirs)
})

describe('npm run serve -- --watch', () => {
  it(
    '--watch <dir>=<org> imports into that organization for the run; a later run without it drops the folder',
    { timeout: 120_000 },
    async () => {
      const dataDir = await newDataDir()
      dirs.push(dataDir)
      const watched = await tempDir(dirs)

      const setup = await startHeadlessServer(dataDir)
      servers.push(setup)
      const created = await apiOf(setup).call('PUT', '/organizations/campaign', {
        billing_email: 'studio@example.com'
      })
      expect(created.status).toBeLessThan(300)
      await setup.stop()

      const started = Date.now()
      const run = await startHeadlessServer(dataDir, ['--watch', `${watched}=campaign`])
      servers.push(run)
      expect(run.output()).toContain(`Darkroom watching ${watched} for organization "campaign"`)
      const api = apiOf(run)
      const [photo] = (await makePhotos(1, 50)) as [Buffer]
      await writeFile(join(watched, 'hero.jpg'), photo)
      const folder = await waitForSettled(api, watched, 1)
      expect(folder).toMatchObject({ organization: 'campaign', transient: true, state: 'watching' })
      expect((await api.images('campaign')).map((image) => image.binary_hash)).toEqual([
        sha1(photo)
      ])
      expect(await api.images('local')).toEqual([])
      const importMs = Date.now() - started
      await run.stop()

      const later = await startHeadlessServer(dataDir)
      servers.push(later)
      expect((await apiOf(later).folders()).items).toEqual([])
      expect((await apiOf(later).images('campaign')).length).toBe(1)
      await later.stop()
      recordFigures('watch-flag', {
        organization: 'campaign',
        imported: 1,
        start_to_import_ms: importMs
      })
    }
  )

  it(
    'the live stream sends each folder, then its events as files arrive; stopping the server ends the stream',
    { timeout: 120_000 },
    async () => {
      const watched = await tempDir(dirs)
      const server = await startHeadlessServer(undefined, ['--watch', watched])
      servers.push(server)
      dirs.push(server.dataDir)
      const response = await fetch(`${server.url}/_darkroom/watched-folders/events`, {
        headers: { 'api-key': server.apiKey }
      })
      expect(response.headers.get('content-type')).toContain('text/event-stream')
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      const decoder = new TextDecoder()
      let received = ''
      const readUntil = async (needle: string) => {
        while (!received.includes(needle)) {
          const { done, value } = await reader.read()
          if (done) throw new Error(`the stream ended before ${needle}`)
          received += decoder.decode(value, { stream: true })
        }
      }
      await readUntil(`"path":${JSON.stringify(watched)}`)
      const [photo] = (await makePhotos(1, 51)) as [Buffer]
      await writeFile(join(watched, 'live.jpg'), photo)
      await readUntil('"kind":"imported"')
      expect(received).toContain('"path":"live.jpg"')
      expect(await server.stop()).toBe(0)
      await expect(reader.read().then((chunk) => chunk.done)).resolves.toBe(true)
    }
  )

  it(
    'refuses to start with a --watch folder that does not exist, saying which',
    { timeout: 60_000 },
    async () => {
      const missing = join(await tempDir(dirs), 'no-such-folder')
      const failed = await startHeadlessServer(undefined, ['--watch', missing]).then(
        (server) => {
          servers.push(server)
          return ''
        },
        (error: Error) => error.message
      )
      expect(failed).toContain(`The folder "${missing}" does not exist.`)
    }
  )
})
