import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb, type Db } from './db'
import { buildSearchSql } from './search-sql'
import { parseSourceImageQuery } from './search-query'
import { createSourceImageRepo } from './source-image-repo'

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')
const ORG = 'org-1'
let dir: string
let db: Db

const planOf = (sql: string, params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-plans-'))
  const file = join(dir, 'darkroom.sqlite')
  const seed = openDb(file)
  seed
    .prepare(
      "INSERT INTO organizations (id, name, display_name, billing_email, master_organization, created, signing_key) VALUES (?, 'local', 'local', '', ?, '2024-01-01T00:00:00+00:00', 'k')"
    )
    .run(ORG, ORG)
  const images = createSourceImageRepo(seed)
  seed.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      images.insert({
        organizationId: ORG,
        hash: sha1(`image-${i}`),
        binaryHash: sha1(`binary-${i}`),
        blobHash: sha1(`binary-${i}`),
        name: `photo-${i}.jpg`,
        mimetype: 'image/jpeg',
        format: 'jpg',
        size: 1000,
        width: 10,
        height: 10,
        created: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}+00:00`,
        userMetadata: { category: `cat-${i % 100}` },
        dynamicMetadata: {},
        staticMetadata: {},
        isProtected: false,
        locked: false,
        opaque: true,
        animated: false,
        entropy: null,
        deletedDate: null
      })
    }
  })()
  seed.close()
  // statistics are gathered when the database opens
  db = openDb(file)
})
afterAll(async () => {
  db.close()
  await rm(dir, { recursive: true, force: true })
})

describe('query plans of a grown library', () => {
  it('count a metadata search through the metadata index, not by walking every image', () => {
    const sql = buildSearchSql(ORG, parseSourceImageQuery({ 'user:str:category': 'cat-7', limit: '20' }))
    const plan = planOf(sql.countSql, sql.countParams)
    expect(plan).toContain('source_image_meta_text')
    expect(plan).not.toMatch(/source_images_created|source_images_live/)
    // both steps answered from indexes alone: no table row is read to count
    expect(plan).toContain('COVERING INDEX source_image_meta_text')
    expect(plan).toContain('COVERING INDEX source_images_hash_live')
    expect(db.prepare(sql.countSql).get(...sql.countParams)).toEqual({ total: 30 })
  })

  it('count all live images for a list page with the narrow index', () => {
    const sql = buildSearchSql(ORG, parseSourceImageQuery({ limit: '50' }))
    expect(planOf(sql.countSql, sql.countParams)).toContain('COVERING INDEX source_images_live')
    expect(db.prepare(sql.countSql).get(...sql.countParams)).toEqual({ total: 3000 })
  })
})
