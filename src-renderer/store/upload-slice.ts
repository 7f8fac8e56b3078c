import type { SourceImage } from '@shared/api/sourceimages'
import { toUiError } from '../api/errors'
import type { UploadHandle } from '../api/types'
import { damagedImages } from './health-slice'
import type { SliceCreator, StoreDeps } from './types'

export type UploadStatus =
  'queued' | 'hashing' | 'checking' | 'uploading' | 'done' | 'duplicate' | 'failed' | 'cancelled'

export interface UploadItem {
  id: number
  name: string
  size: number
  loaded: number
  status: UploadStatus
  /** Why it failed, or what it duplicates. */
  message: string
  binaryHash?: string
  hash?: string
}

export interface FileToUpload {
  file: Blob
  /** Name to store; a folder drop keeps the file's own name, not its path. */
  name: string
}

export interface UploadSlice {
  uploads: UploadItem[]
  enqueueUploads: (files: readonly FileToUpload[]) => Promise<void>
  cancelUpload: (id: number) => void
  clearUploads: () => void
}

const PARALLEL = 3
const FINISHED: ReadonlySet<UploadStatus> = new Set(['done', 'duplicate', 'failed', 'cancelled'])

export const isFinished = (item: UploadItem): boolean => FINISHED.has(item.status)

/** Bytes sent over bytes to send for the whole batch; finished files count as complete. */
export const batchProgress = (uploads: readonly UploadItem[]): number => {
  let total = 0
  let done = 0
  for (const item of uploads) {
    total += item.size
    done += isFinished(item) ? item.size : item.loaded
  }
  return total === 0 ? 1 : done / total
}

export const createUploadSlice = ({ api, hashFile }: StoreDeps): SliceCreator<UploadSlice> => {
  let nextId = 1
  const waiting: number[] = []
  const blobs = new Map<number, Blob>()
  const handles = new Map<number, UploadHandle>()
  let running = 0

  return (set, get) => {
    const update = (id: number, patch: Partial<UploadItem>) =>
      set((state) => ({
        uploads: state.uploads.map((item) => (item.id === id ? { ...item, ...patch } : item))
      }))
    const item = (id: number) => get().uploads.find((upload) => upload.id === id)
    const stillWanted = (id: number) => item(id)?.status !== 'cancelled'

    const finish = (id: number, image: SourceImage, knewHash: boolean) => {
      if (knewHash) {
        update(id, { status: 'duplicate', hash: image.hash, message: `Already in the library.` })
        return
      }
      update(id, { status: 'done', hash: image.hash, loaded: item(id)?.size ?? 0 })
      get().upsertImage(image)
    }

    const process = async (id: number, blob: Blob) => {
      const org = get().org
      const upload = item(id)
      if (upload === undefined) return
      update(id, { status: 'hashing' })
      const binaryHash = await hashFile(blob)
      const twin = get().uploads.find(
        (other) =>
          other.id !== id &&
          other.binaryHash === binaryHash &&
          other.status !== 'failed' &&
          other.status !== 'cancelled'
      )
      if (twin !== undefined) {
        update(id, { binaryHash, status: 'duplicate', message: `Same file as ${twin.name}.` })
        return
      }
      update(id, { binaryHash, status: 'checking' })
      const existing = await api.findByBinaryHash(org, binaryHash).catch(() => [])
      const first = existing[0]
      // the same file again is what repairs an original the server found damaged or missing
      const repairs = existing.some((image) =>
        damagedImages(get().health).some(
          (damaged) => damaged.organization === org && damaged.hash === image.hash
        )
      )
      if (first !== undefined && !repairs) {
        update(id, {
          status: 'duplicate',
          hash: first.hash,
          message: `Already here as ${first.name}.`
        })
        return
      }
      if (!stillWanted(id)) return
      update(id, { status: 'uploading' })
      const handle = api.uploadImage(org, blob, upload.name, (loaded) => update(id, { loaded }))
      handles.set(id, handle)
      const knewHash = (hash: string) => get().images.some((image) => image.hash === hash)
      try {
        const image = await handle.result
        if (repairs) {
          update(id, {
            status: 'done',
            hash: image.hash,
            loaded: upload.size,
            message: 'The damaged original is restored.'
          })
          void get().loadHealth()
        } else finish(id, image, knewHash(image.hash))
      } finally {
        handles.delete(id)
      }
    }

    const pump = async (): Promise<void> => {
      while (running < PARALLEL && waiting.length > 0) {
        const id = waiting.shift()
        const blob = id === undefined ? undefined : blobs.get(id)
        if (id === undefined || blob === undefined || !stillWanted(id)) continue
        running += 1
        try {
          await process(id, blob)
        } catch (thrown) {
          const error = toUiError(thrown)
          if (stillWanted(id)) update(id, { status: 'failed', message: error.message })
          // a store that refuses writes: the banner says so now rather than at the next poll
          if (error.code === 503 || error.code === 507) void get().loadHealth()
        } finally {
          running -= 1
          blobs.delete(id)
        }
      }
    }

    return {
      uploads: [],
      enqueueUploads: async (files) => {
        const added: UploadItem[] = files.map(({ file, name }) => ({
          id: nextId++,
          name,
          size: file.size,
          loaded: 0,
          status: 'queued',
          message: ''
        }))
        added.forEach((upload, index) => {
          const file = files[index]
          if (file !== undefined) blobs.set(upload.id, file.file)
          waiting.push(upload.id)
        })
        set((state) => ({ uploads: [...state.uploads, ...added] }))
        await Promise.all(Array.from({ length: PARALLEL }, () => pump()))
      },
      cancelUpload: (id) => {
        const upload = item(id)
        if (upload === undefined || isFinished(upload)) return
        update(id, { status: 'cancelled', message: 'Cancelled.' })
        handles.get(id)?.abort()
      },
      clearUploads: () =>
        set((state) => ({ uploads: state.uploads.filter((upload) => !isFinished(upload)) }))
    }
  }
}
