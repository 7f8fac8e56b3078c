import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServices } from '../../../src-main/services'
import { ensureLocalOwner } from '../../../src-main/identity/bootstrap'
import type { SourceImageRecord } from '../../../src-main/storage/source-image-repo'
import { darkroomClient } from '../darkroom-client'
import { sequentialLatencies } from '../load'
import type { FigureRow } from '../report'
import { startDarkroom } from '../sides'
import { summarize } from '../stats'

const CATEGORIES = 100
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

/** Fills a library with `count` source images through the store's own repository code. */
export const seedLibrary = async (dataDir: string, count: number) => {
  const services = await createServices({ dataDir })
  try {
    await ensureLocalOwner(services.db, services.identity, dataDir)
    const org = services.identity.organizations.getByName('local')
    if (!org) throw new Error('the local organization is missing')
    const insertAll = services.db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const binaryHash = sha1(`bench-binary-${i}`)
        const record: SourceImageRecord = {
          organizationId: org.id,
          hash: sha1(`bench-image-${i}`),
          binaryHash,
          blobHash: binaryHash,
          name: `photo-${i}.jpg`,
          mimetype: 'image/jpeg',
          format: 'jpg',
          size: 2_000_000 + (i % 1000) * 1000,
          width: 5120,
          height: 2880,
          created: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().replace('.000Z', '+00:00'),
          userMetadata: { category: `cat-${i % CATEGORIES}`, rating: i % 5, title: `Photo number ${i}` },
          dynamicMetadata: {},
          staticMetadata: {},
          isProtected: false,
          locked: false,
          opaque: true,
          animated: false,
          entropy: 7,
          deletedDate: null
        }
        services.images.insert(record)
      }
    })
    for (let from = 0; from < count; from += 10_000) insertAll(from, Math.min(count, from + 10_000))
  } finally {
    await services.close()
  }
}

/** Figure 5: p95 of a metadata search and of paging through the list, over HTTP. */
export const measureSearch = async (rows: number, requests: number, log: (line: string) => void): Promise<FigureRow[]> => {
  const work = await mkdtemp(join(tmpdir(), 'darkroom-bench-search-'))
  try {
    const dataDir = join(work, 'darkroom')
    log(`figure 5: inserting ${rows} source images through the repository`)
    const seeded = performance.now()
    await seedLibrary(dataDir, rows)
    const seedSeconds = (performance.now() - seeded) / 1000
    const server = await startDarkroom(dataDir)
    try {
      const client = darkroomClient(server.url, server.apiKey)
      const headers = { 'api-key': server.apiKey }
      await (await client.get('/sourceimages/local?limit=1', headers)).arrayBuffer()
      log(`figure 5: ${requests} searches and ${requests} list pages`)
      const search = await sequentialLatencies(requests, (i) =>
        client.get(`/sourceimages/local?user:str:category=cat-${(i * 37) % CATEGORIES}&limit=20`, headers)
      )
      let cursor: string | undefined
      const list = await sequentialLatencies(requests, async (i) => {
        const response = await client.get(`/sourceimages/local?limit=50${cursor && i % 20 !== 0 ? `&offset=${encodeURIComponent(cursor)}` : ''}`, headers)
        cursor = ((await response.clone().json()) as { cursor?: string }).cursor
        return response
      })
      const target = { on: 'darkroom' as const, stat: 'p95' as const, goal: { kind: 'max' as const, value: 20 }, text: 'p95 < 20 ms' }
      const extra = (values: number[]) => `p95 ${summarize(values).p95.toFixed(1)} ms`
      return [
        {
          title: `5a Metadata search, ${rows} images (user:str:category, 20 per page)`,
          darkroom: { side: 'Darkroom', unit: 'ms', summary: summarize(search), extra: extra(search) },
          target,
          whyMissed: 'every search also counts all ~1000 matches (rokka reports the total), and on a busy shared machine the tail waits for a core',
          note: `rows inserted through the source-image repository (${Math.round(rows / seedSeconds)} rows/s); latency over HTTP on loopback, one request at a time.`
        },
        {
          title: `5b Paged list, ${rows} images (50 per page, following the cursor)`,
          darkroom: { side: 'Darkroom', unit: 'ms', summary: summarize(list), extra: extra(list) },
          target,
          whyMissed: 'every page also counts all images (rokka reports the total), and on a busy shared machine the tail waits for a core'
        }
      ]
    } finally {
      await server.stop()
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
