import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { heifGridFile } from './testing/heif-grid'
import { heifGridTiles } from './heif-tiles'

describe('heifGridTiles', () => {
  it('counts no tiles in a plain HEIC from heif-enc', async () => {
    const heic = await readFile(new URL('../../../resources/fixtures/formats/quadrants.heic', import.meta.url))
    expect(heifGridTiles(heic)).toBe(0)
  })

  it('counts the dimg references of a grid item', () => {
    expect(heifGridTiles(heifGridFile(6))).toBe(6)
    expect(heifGridTiles(heifGridFile(40_000))).toBe(40_000)
  })

  it('finds nothing in bytes that are no boxes, and never throws on them', () => {
    expect(heifGridTiles(Buffer.from('ftypheic but then nothing sensible'))).toBe(0)
    expect(heifGridTiles(heifGridFile(9).subarray(0, 60))).toBe(0)
  })
})
