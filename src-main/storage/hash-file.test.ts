import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha1OfFile } from './hash-file'

describe('sha1OfFile', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'darkroom-hash-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const expectDigestOf = async (bytes: Buffer) => {
    const path = join(dir, `file-${bytes.length}`)
    await writeFile(path, bytes)
    expect(await sha1OfFile(path)).toBe(createHash('sha1').update(bytes).digest('hex'))
  }

  it('hashes a photo-sized file read whole', () => expectDigestOf(randomBytes(1_500_000)))
  it('hashes an empty file', () => expectDigestOf(Buffer.alloc(0)))
  it('hashes a file too large to read whole by streaming it', () => expectDigestOf(randomBytes(33 * 1024 * 1024 + 7)))
  it('rejects a missing file with ENOENT', async () => {
    await expect(sha1OfFile(join(dir, 'absent'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
