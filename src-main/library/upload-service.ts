import type { Readable } from 'node:stream'
import type { BlobStore, StagedBlob } from '../storage/blob-store'
import type { Db } from '../storage/db'
import type { SourceImageRecord, SourceImageRepo } from '../storage/source-image-repo'
import { computeImageHash } from '../storage/image-identity'
import { normaliseUserMetadata } from '../storage/user-metadata'
import { nowRfc3339 } from '../storage/clock'
import { badRequest } from '../errors'
import type { InspectedImage } from './inspect-upload'
import { createUploadInspector } from './upload-inspector'
import { parseDynamicMetadata } from './dynamic-metadata'
import { optimizeSource, type OptimizeSourceMode } from './optimize-source'

/** One file of an upload request, already streamed to a temporary file. */
export interface PendingUpload {
  staged: StagedBlob
  name: string
  userMetadata?: unknown
  dynamicMetadata?: Record<string, unknown>
  options?: unknown
}

export interface UploadLimits {
  maxBytes: number
  maxPixels: number
}

const safeName = (name: string): string => {
  // Keep what a person typed, minus path parts and control characters that break headers.
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim()
  return (cleaned || 'image').slice(0, 255)
}

const parseUploadOptions = (options: unknown): { isProtected: boolean } => {
  if (options === undefined || options === null) return { isProtected: false }
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw badRequest('options[i] must be a JSON object such as {"protected":true}.')
  }
  const value = (options as Record<string, unknown>).protected
  return { isProtected: value === true || value === 'true' }
}

const parseDynamicSet = (input: Record<string, unknown> | undefined) => {
  const out: Record<string, unknown> = {}
  for (const [name, data] of Object.entries(input ?? {})) out[name] = parseDynamicMetadata(name, data)
  return out
}

/**
 * Turns staged uploads into source images: every file is checked first, then all objects are
 * linked into the store and all rows written in one transaction, so a request either stores
 * everything it was sent or nothing.
 */
export const createUploadService = (deps: {
  db: Db
  blobs: BlobStore
  images: SourceImageRepo
  limits: UploadLimits
}) => {
  const { db, blobs, images, limits } = deps
  const inspect = createUploadInspector({ images, maxPixels: limits.maxPixels })

  const stage = (body: Readable): Promise<StagedBlob> => blobs.stage(body, limits.maxBytes)

  const writeRows = db.transaction(
    (
      orgId: string,
      prepared: { record: SourceImageRecord; userMetadata: Record<string, unknown> }[],
      onStored: ((records: SourceImageRecord[]) => void) | undefined
    ) => {
      const stored = prepared.map(({ record, userMetadata }) => {
        const existing = images.get(orgId, record.hash)
        if (!existing) {
          images.insert(record)
          return record
        }
        // Re-uploading keeps the fields the upload does not mention, and revives a deleted image.
        const merged: SourceImageRecord = {
          ...existing,
          userMetadata: { ...existing.userMetadata, ...userMetadata },
          deletedDate: null
        }
        images.update(merged)
        return merged
      })
      onStored?.(stored)
      return stored
    }
  )

  const importAll = async (
    orgId: string,
    uploads: PendingUpload[],
    optimize: OptimizeSourceMode | null,
    /** Runs inside the transaction that writes the rows, so callers can record more atomically. */
    onStored?: (records: SourceImageRecord[]) => void
  ): Promise<SourceImageRecord[]> => {
    const stagedToDiscard: StagedBlob[] = uploads.map((u) => u.staged)
    try {
      const prepared: { record: SourceImageRecord; userMetadata: Record<string, unknown>; stored: StagedBlob }[] = []
      for (const upload of uploads) {
        const userMetadata = normaliseUserMetadata(upload.userMetadata ?? {})
        const dynamicMetadata = parseDynamicSet(upload.dynamicMetadata)
        const { isProtected } = parseUploadOptions(upload.options)
        let inspected: InspectedImage = await inspect(orgId, upload.staged)
        let stored = upload.staged
        if (optimize) {
          const converted = await optimizeSource(upload.staged, inspected, optimize, stage)
          if (converted) {
            stagedToDiscard.push(converted.staged)
            stored = converted.staged
            inspected = converted.inspected
          }
        }
        const binaryHash = upload.staged.binaryHash
        const record: SourceImageRecord = {
          organizationId: orgId,
          hash: computeImageHash(binaryHash, dynamicMetadata, isProtected),
          binaryHash,
          blobHash: stored.binaryHash,
          name: safeName(upload.name),
          mimetype: inspected.mimetype,
          format: inspected.format,
          size: stored.size,
          width: inspected.width,
          height: inspected.height,
          created: nowRfc3339(),
          userMetadata,
          dynamicMetadata,
          staticMetadata: inspected.staticMetadata,
          isProtected,
          locked: false,
          opaque: inspected.opaque,
          animated: inspected.animated,
          entropy: inspected.entropy,
          deletedDate: null
        }
        prepared.push({ record, userMetadata, stored })
      }
      // Blob before row: once a row exists its object is already durable.
      for (const item of prepared) await blobs.commit(item.stored)
      return writeRows(orgId, prepared, onStored)
    } finally {
      await Promise.all(stagedToDiscard.map((staged) => blobs.discard(staged)))
    }
  }

  return { stage, discard: (staged: StagedBlob) => blobs.discard(staged), importAll }
}

export type UploadService = ReturnType<typeof createUploadService>
