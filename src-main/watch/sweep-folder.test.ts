import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPathFilter } from './path-filter'
import { sweepFolder } from './sweep-folder'

let root: string
let outside: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'darkroom-sweep-'))
  outside = await mkdtemp(join(tmpdir(), 'darkroom-sweep-outside-'))
  await mkdir(join(root, 'sub', 'deeper'), { recursive: true })
  await mkdir(join(root, '.hidden'))
  await mkdir(join(root, 'data'))
  await writeFile(join(outside, 'elsewhere.jpg'), 'x')
  for (const name of [
    'a.jpg',
    'sub/b.png',
    'sub/deeper/c.jpg',
    'notes.txt',
    '.hidden/d.jpg',
    'e.jpg.part',
    'data/f.jpg'
  ]) {
    await writeFile(join(root, name), 'x')
  }
  await symlink(outside, join(root, 'linked-folder'))
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
  await rm(outside, { recursive: true, force: true })
})

const sweep = async (recursive: boolean, exclude: string[] = []) => {
  const found: string[] = []
  const filter = createPathFilter(
    { path: root, include: ['*.{jpg,png}'], exclude },
    join(root, 'data')
  )
  await sweepFolder(root, { recursive, filter, isStopped: () => false }, (rel, stats) => {
    expect(stats?.size).toBe(1)
    found.push(rel)
  })
  return found.sort()
}

describe('sweeping a watched folder', () => {
  it('finds the files the watcher would report, and only those', async () => {
    expect(await sweep(true)).toEqual(['a.jpg', 'sub/b.png', 'sub/deeper/c.jpg'])
    expect(await sweep(false)).toEqual(['a.jpg'])
    expect(await sweep(true, ['sub/deeper/**'])).toEqual(['a.jpg', 'sub/b.png'])
  })
})
