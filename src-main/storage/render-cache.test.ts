import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/test-app'
import { createRenderCache, type CachedRender } from './render-cache'

let t: TestApp
let entry: CachedRender

beforeEach(async () => {
  t = await createTestApp()
  const org = t.services.identity.organizations.getByName('local')
  entry = { key: 'ab'.repeat(32), organizationId: org?.id as string, stack: 'thumbs', hash: 'f'.repeat(40), format: 'png', mimetype: 'image/png', size: 5, width: 1, height: 1 }
})
afterEach(async () => t.close())

describe('render cache', () => {
  it('serves a render at once and has it on disk, row and file, once the background write is done', async () => {
    const cache = t.services.renderCache
    await cache.put(entry, Buffer.from('bytes'))
    expect((await cache.get(entry.key))?.data?.toString()).toBe('bytes')
    await cache.flush()
    expect(await readFile(cache.pathOf(entry.key), 'utf8')).toBe('bytes')
    // a second cache on the same store (as after a restart) finds it through its row
    const reopened = await createRenderCache(t.services.db, join(t.dataDir, 'renders'))
    expect(await reopened.get(entry.key)).toMatchObject({ key: entry.key, size: 5, stack: 'thumbs' })
    await reopened.close()
  })

  it('tells its monitor of each write that reached the disk and of each that failed', async () => {
    const root = join(t.dataDir, 'renders-watched')
    const seen: string[] = []
    const cache = await createRenderCache(t.services.db, root, {
      written: () => seen.push('written'),
      writeFailed: (error) => seen.push(`failed ${(error as NodeJS.ErrnoException).code}`)
    })
    await cache.put(entry, Buffer.from('bytes'))
    await cache.flush()
    expect(seen).toEqual(['written'])
    // its temporary folder gone: the next write fails, is reported, and leaves no entry behind
    await rm(join(root, 'tmp'), { recursive: true })
    const second = { ...entry, key: 'cd'.repeat(32) }
    await cache.put(second, Buffer.from('other'))
    await cache.flush()
    expect(seen).toEqual(['written', 'failed ENOENT'])
    expect(existsSync(cache.pathOf(second.key))).toBe(false)
    await cache.close()
  })

  it('never brings back a render purged while it was being written', async () => {
    const cache = t.services.renderCache
    await cache.put(entry, Buffer.from('bytes'))
    expect(await cache.purgeStack(entry.organizationId, 'thumbs')).toBe(1)
    expect(await cache.get(entry.key)).toBeUndefined()
    await cache.flush()
    expect(await cache.get(entry.key)).toBeUndefined()
    expect(existsSync(cache.pathOf(entry.key))).toBe(false)
  })
})
