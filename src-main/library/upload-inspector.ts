import type { StagedBlob } from '../storage/blob-store'
import type { SourceImageRecord, SourceImageRepo } from '../storage/source-image-repo'
import { inspectUpload, type InspectedImage } from './inspect-upload'

type Inspect = (staged: StagedBlob, maxPixels: number) => Promise<InspectedImage>

const factsOf = (record: SourceImageRecord): InspectedImage => ({
  format: record.format,
  mimetype: record.mimetype,
  width: record.width,
  height: record.height,
  animated: record.animated,
  opaque: record.opaque,
  entropy: record.entropy,
  staticMetadata: { ...record.staticMetadata }
})

/**
 * Inspects the bytes of an upload once. Decoding a 5 MB photo to check it takes ~50 ms of a
 * core, and the same photo is often dropped again: bytes the organization already holds (same
 * SHA-1, stored as uploaded) reuse the facts their first probe recorded, and uploads of the same
 * bytes arriving together share one probe.
 */
export const createUploadInspector = (deps: { images: SourceImageRepo; maxPixels: number; inspect?: Inspect }) => {
  const { images, maxPixels, inspect = inspectUpload } = deps
  const probing = new Map<string, Promise<InspectedImage>>()

  const probeOnce = (staged: StagedBlob): Promise<InspectedImage> => {
    const running = probing.get(staged.binaryHash)
    if (running) return running
    const probe = inspect(staged, maxPixels).finally(() => probing.delete(staged.binaryHash))
    probing.set(staged.binaryHash, probe)
    return probe
  }

  return (orgId: string, staged: StagedBlob): Promise<InspectedImage> => {
    const known = images
      .listByBinaryHash(orgId, staged.binaryHash, true)
      // a converted original (optimize_source) describes other bytes; a limit lowered since then
      // must still refuse what it refuses, so only sizes within today's limit are taken as read
      .find((record) => record.blobHash === record.binaryHash && record.width * record.height <= maxPixels)
    return known ? Promise.resolve(factsOf(known)) : probeOnce(staged)
  }
}
