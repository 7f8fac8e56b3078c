import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBlobStore, type BlobStore } from './blob-store'

let root: string
let store: BlobStore
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'darkroom-blobs-'))
  store = await createBlobStore(root)
})
afterEach(async () => rm(root, { recursive: true, force: true }))

const bytes = Buffer.from('some image bytes '.repeat(1000))
const sha1 = (data: Buffer) => createHash('sha1').update(data).digest('hex')
/** The test bytes with one bit flipped at `offset`. */
const flippedAt = (offset: number) => {
  const damaged = Buffer.from(bytes)
  damaged[offset] = (damaged[offset] as number) ^ 1
  return damaged
}
/** The test bytes committed to the store; returns their binary hash and object path. */
const commitBytes = async () => {
  const staged = await store.stage(Readable.from([bytes]), 1e6)
  await store.commit(staged)
  return { hash: staged.binaryHash, path: store.pathOf(staged.binaryHash) }
}
/** Sets a file's access and modification times back to the nanosecond, as a careless tool might. */
const putTimesBack = (path: string, times: BigIntStats) => {
  const iso = (ns: bigint) => `${new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19)}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`
  execFileSync('touch', ['-a', '-d', iso(times.atimeNs), path])
  execFileSync('touch', ['-m', '-d', iso(times.mtimeNs), path])
}

describe('blob store', () => {
  it('stages while hashing and keeps the head for sniffing', async () => {
    const staged = await store.stage(Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]), 1e6)
    expect(staged.binaryHash).toBe(sha1(bytes))
    expect(staged.size).toBe(bytes.length)
    expect(staged.head.equals(bytes.subarray(0, 8192))).toBe(true)
    expect(await store.has(staged.binaryHash)).toBe(false)
  })

  it('commits under the content hash and leaves no temp file', async () => {
    const staged = await store.stage(Readable.from([bytes]), 1e6)
    await store.commit(staged)
    expect(await readFile(store.pathOf(sha1(bytes)))).toEqual(bytes)
    expect(await readdir(join(root, 'tmp'))).toEqual([])
  })

  it('never overwrites an intact object', async () => {
    const first = await store.stage(Readable.from([bytes]), 1e6)
    await store.commit(first)
    const path = store.pathOf(first.binaryHash)
    const inodeBefore = (await stat(path)).ino
    const second = await store.stage(Readable.from([bytes]), 1e6)
    await store.commit(second)
    expect((await stat(path)).ino).toBe(inodeBefore)
  })

  it('replaces an object that no longer re-hashes to its name when its bytes are committed again', async () => {
    const first = await store.stage(Readable.from([bytes]), 1e6)
    await store.commit(first)
    const path = store.pathOf(first.binaryHash)
    // bit-rot keeps the size: only the hash tells
    const rotten = Buffer.from(bytes)
    rotten[123] = (rotten[123] as number) ^ 0x04
    await writeFile(path, rotten)
    const committed: string[] = []
    const watched = await createBlobStore(root, { committed: (hash) => committed.push(hash) })
    await watched.commit(await watched.stage(Readable.from([bytes]), 1e6))
    expect(await readFile(path)).toEqual(bytes)
    expect(committed).toEqual([first.binaryHash])
    expect(await readdir(join(root, 'tmp'))).toEqual([])
  })

  it('fails past the limit and removes the partial file', async () => {
    await expect(store.stage(Readable.from([bytes]), 100)).rejects.toMatchObject({ status: 413 })
    expect(await readdir(join(root, 'tmp'))).toEqual([])
  })

  it('re-hashes an object to tell intact, damaged and missing apart', async () => {
    const { hash, path } = await commitBytes()
    expect(await store.check(hash)).toBe('intact')
    await writeFile(path, flippedAt(500))
    expect(await store.check(hash)).toBe('damaged')
    await rm(path)
    expect(await store.check(hash)).toBe('missing')
  })

  it('the check before a read trusts only an unchanged file: a rewrite with its old times put back is re-hashed', async () => {
    const { hash, path } = await commitBytes()
    expect(await store.checkForRead(hash)).toBe('intact')
    expect(await store.checkForRead(hash)).toBe('intact')

    const before = await stat(path, { bigint: true })
    await writeFile(path, flippedAt(500))
    putTimesBack(path, before)
    const after = await stat(path, { bigint: true })
    expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs])
    expect(await store.checkForRead(hash)).toBe('damaged')
    expect(await store.checkForRead(hash)).toBe('damaged')

    await writeFile(path, bytes)
    expect(await store.checkForRead(hash)).toBe('intact')
    await rm(path)
    expect(await store.checkForRead(hash)).toBe('missing')
  })

  it('committing bytes again replaces their object when it was damaged in place, times put back and all', async () => {
    const { hash, path } = await commitBytes()
    const before = await stat(path, { bigint: true })
    await writeFile(path, flippedAt(900))
    putTimesBack(path, before)
    await store.commit(await store.stage(Readable.from([bytes]), 1e6))
    expect(sha1(await readFile(path))).toBe(hash)
    expect(await store.checkForRead(hash)).toBe('intact')
  })

  it('a full check always re-hashes and its verdict holds for the next read', async () => {
    const { hash, path } = await commitBytes()
    expect(await store.checkForRead(hash)).toBe('intact')
    await writeFile(path, flippedAt(7))
    expect(await store.check(hash)).toBe('damaged')
    expect(await store.checkForRead(hash)).toBe('damaged')
  })

  it('cleans temp leftovers of an earlier run', async () => {
    await writeFile(join(root, 'tmp', 'left-over'), 'x')
    expect(await store.cleanTemp()).toBe(1)
    expect(await readdir(join(root, 'tmp'))).toEqual([])
  })

  it('lists only well-named objects', async () => {
    const staged = await store.stage(Readable.from([bytes]), 1e6)
    await store.commit(staged)
    const listed: string[] = []
    for await (const name of store.listObjects()) listed.push(name)
    expect(listed).toEqual([sha1(bytes)])
  })
})
