import { describe, expect, it } from 'vitest'
import { ignoredNameReason } from './ignored-names'

describe('ignoredNameReason', () => {
  it('ignores partial downloads, lock files, resource forks and system files', () => {
    for (const name of [
      'photo.jpg.crdownload',
      'photo.JPG.part',
      'export.tmp',
      '~$layout.psd',
      '._photo.jpg',
      '.DS_Store',
      'Thumbs.db',
      '.photo.jpg.Ab12Cd'
    ]) {
      expect(ignoredNameReason(name), name).not.toBeNull()
    }
  })

  it('lets ordinary image names through', () => {
    for (const name of ['photo.jpg', 'part-1.png', 'tmp.webp', 'my~$.gif', 'a._b.tif']) {
      expect(ignoredNameReason(name), name).toBeNull()
    }
  })
})
