import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createVerifiedObjects } from './verified-objects'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-verified-'))
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

const fileWith = async (name: string, content: string) => {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}
const statOf = (path: string) => stat(path, { bigint: true })

describe('verified objects', () => {
  it('trusts a file only while its identity on disk is the one it was verified with', async () => {
    const verified = createVerifiedObjects()
    const path = await fileWith('a', 'original bytes')
    verified.remember('a', await statOf(path))
    expect(verified.unchangedSince('a', await statOf(path))).toBe(true)
    expect(verified.unchangedSince('b', await statOf(path))).toBe(false)

    await writeFile(path, 'original bytes')
    expect(verified.unchangedSince('a', await statOf(path))).toBe(false)
  })

  it('a file put in its place (same bytes, new inode) is not trusted', async () => {
    const verified = createVerifiedObjects()
    const path = await fileWith('a', 'same bytes')
    verified.remember('a', await statOf(path))
    const other = await fileWith('other', 'same bytes')
    await rm(path)
    await writeFile(path, await readFile(other))
    expect(verified.unchangedSince('a', await statOf(path))).toBe(false)
  })

  it('forgets on request and keeps only the most recently used entries', async () => {
    const verified = createVerifiedObjects(2)
    const stats = await statOf(await fileWith('x', 'x'))
    verified.remember('one', stats)
    verified.remember('two', stats)
    expect(verified.unchangedSince('one', stats)).toBe(true) // now the most recent
    verified.remember('three', stats)
    expect(verified.unchangedSince('two', stats)).toBe(false)
    expect(verified.unchangedSince('one', stats)).toBe(true)
    expect(verified.unchangedSince('three', stats)).toBe(true)
    verified.forget('three')
    expect(verified.unchangedSince('three', stats)).toBe(false)
  })
})
