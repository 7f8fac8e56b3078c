import type { SourceImage } from '@shared/api/sourceimages'
import { toUiError } from '../api/errors'
import type { DownloadedFile, SubjectArea, UiError } from '../api/types'
import type { SliceCreator, StoreDeps } from './types'

export interface DetailSlice {
  /** The image open in the image view. */
  detail: SourceImage | null
  detailBusy: boolean
  detailError: UiError | null
  showImage: (hash: string) => Promise<void>
  closeImage: () => void
  renameImage: (name: string) => Promise<boolean>
  setLocked: (locked: boolean) => Promise<boolean>
  deleteImage: () => Promise<boolean>
  patchMetadata: (patch: Record<string, unknown>) => Promise<boolean>
  setSubjectArea: (area: SubjectArea) => Promise<boolean>
  clearSubjectArea: () => Promise<boolean>
  copyImage: (destination: string) => Promise<boolean>
  downloadImage: () => Promise<DownloadedFile | null>
}

export const createDetailSlice =
  ({ api }: StoreDeps): SliceCreator<DetailSlice> =>
  (set, get) => {
    /** Runs one change to the open image; on success re-reads it under `newHash`. */
    const change = async (
      work: (org: string, image: SourceImage) => Promise<string | void>,
      done?: string
    ): Promise<boolean> => {
      const { org, detail } = get()
      if (detail === null) return false
      set({ detailBusy: true, detailError: null })
      try {
        const newHash = (await work(org, detail)) ?? detail.hash
        const fresh = await api.getImage(org, newHash)
        if (get().detail?.hash !== detail.hash) return true
        set({ detail: fresh, detailBusy: false })
        get().upsertImage(fresh, detail.hash)
        if (done !== undefined) get().notify(done, 'info')
        return true
      } catch (thrown) {
        set({ detailBusy: false, detailError: toUiError(thrown) })
        return false
      }
    }

    return {
      detail: null,
      detailBusy: false,
      detailError: null,
      showImage: async (hash) => {
        const known = get().images.find((image) => image.hash === hash) ?? null
        set({ detail: known, detailError: null })
        if (known !== null) return
        try {
          set({ detail: await api.getImage(get().org, hash) })
        } catch (thrown) {
          set({ detailError: toUiError(thrown) })
        }
      },
      closeImage: () => set({ detail: null, detailError: null, detailBusy: false }),
      renameImage: (name) =>
        change((org, image) => api.renameImage(org, image.hash, name), `Renamed to ${name}.`),
      setLocked: (locked) => change((org, image) => api.setLocked(org, image.hash, locked)),
      deleteImage: async () => {
        const { org, detail } = get()
        if (detail === null) return false
        set({ detailBusy: true, detailError: null })
        try {
          await api.deleteImage(org, detail.hash)
          get().removeImage(detail.hash)
          get().closeImage()
          get().notify(`Moved ${detail.name} to the trash.`, 'info')
          return true
        } catch (thrown) {
          set({ detailBusy: false, detailError: toUiError(thrown) })
          return false
        }
      },
      patchMetadata: (patch) =>
        change((org, image) => api.patchUserMetadata(org, image.hash, patch), 'Metadata saved.'),
      setSubjectArea: (area) =>
        change((org, image) => api.setSubjectArea(org, image.hash, area), 'Subject area set.'),
      clearSubjectArea: () =>
        change((org, image) => api.clearSubjectArea(org, image.hash), 'Subject area cleared.'),
      copyImage: async (destination) => {
        const { org, detail } = get()
        if (detail === null) return false
        try {
          await api.copyImage(org, detail.hash, destination)
          get().notify(`Copied ${detail.name} to ${destination}.`, 'info')
          return true
        } catch (thrown) {
          set({ detailError: toUiError(thrown) })
          return false
        }
      },
      downloadImage: async () => {
        const { org, detail } = get()
        if (detail === null) return null
        try {
          return await api.downloadImage(org, detail.hash)
        } catch (thrown) {
          set({ detailError: toUiError(thrown) })
          return null
        }
      }
    }
  }
