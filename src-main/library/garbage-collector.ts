import { stat } from 'node:fs/promises'
import type { BlobStore } from '../storage/blob-store'
import type { SourceImageRepo } from '../storage/source-image-repo'
import type { SourceImageService } from './source-image-service'

/**
 * Default age an unreferenced object must reach before it is removed. An upload links its object
 * before it writes its row, so a young object without a row may be one whose row is being written
 * right now (by this process or another one sharing the data folder); ten minutes is far longer
 * than any upload takes between the two steps.
 */
export const DEFAULT_ORPHAN_GRACE_MS = 10 * 60_000

/**
 * Purges images past the restore window, then removes objects no row references
 * (orphans of crashed uploads, or originals whose last image was purged) once they are older
 * than `graceMs`.
 */
export const collectGarbage = async (deps: {
  blobs: BlobStore
  images: SourceImageRepo
  sourceImages: SourceImageService
  graceMs: number
}): Promise<{ purgedImages: number; removedObjects: number }> => {
  const purged = deps.sourceImages.purgeExpired()
  const referenced = deps.images.allBlobHashes()
  let removedObjects = 0
  for await (const blobHash of deps.blobs.listObjects()) {
    if (referenced.has(blobHash)) continue
    const info = await stat(deps.blobs.pathOf(blobHash)).catch(() => null)
    if (!info || Date.now() - info.mtimeMs < deps.graceMs) continue
    // Re-check: an upload may have written its row since the snapshot.
    if (deps.images.countReferences(blobHash) > 0) continue
    await deps.blobs.remove(blobHash)
    removedObjects++
  }
  return { purgedImages: purged.length, removedObjects }
}
