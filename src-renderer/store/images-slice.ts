import type { SourceImage } from '@shared/api/sourceimages'
import { toUiError } from '../api/errors'
import type { UiError } from '../api/types'
import { DEFAULT_QUERY, nextOffsetOf, toImageQuery, type LibraryQuery } from './search-query'
import type { SliceCreator, StoreDeps } from './types'

export const PAGE_SIZE = 200

export interface ImagesSlice {
  images: SourceImage[]
  total: number
  /** Offset (number or cursor) of the next page; null when everything is loaded. */
  nextOffset: string | null
  imagesLoading: boolean
  imagesError: UiError | null
  query: LibraryQuery
  setQuery: (patch: Partial<LibraryQuery>) => Promise<void>
  loadImages: () => Promise<void>
  loadMore: () => Promise<void>
  /** Puts a new or changed image into the list (newest first when new). */
  upsertImage: (image: SourceImage, replacesHash?: string) => void
  removeImage: (hash: string) => void
  restoreImage: (hash: string) => Promise<void>
}

export const createImagesSlice = ({ api }: StoreDeps): SliceCreator<ImagesSlice> => {
  // only the newest listing request may write its answer
  let generation = 0

  return (set, get) => {
    const fetchPage = async (offset: string | null, reset: boolean) => {
      const mine = reset ? ++generation : generation
      const { org, query } = get()
      set({ imagesLoading: true, imagesError: null })
      try {
        const page = await api.listImages(org, toImageQuery(query, PAGE_SIZE, offset))
        if (mine !== generation) return
        set((state) => ({
          images: reset ? page.items : [...state.images, ...page.items],
          total: page.total,
          nextOffset: page.items.length === 0 ? null : nextOffsetOf(page.links.next?.href),
          imagesLoading: false
        }))
      } catch (thrown) {
        if (mine === generation) set({ imagesLoading: false, imagesError: toUiError(thrown) })
      }
    }

    return {
      images: [],
      total: 0,
      nextOffset: null,
      imagesLoading: false,
      imagesError: null,
      query: DEFAULT_QUERY,
      setQuery: async (patch) => {
        set((state) => ({ query: { ...state.query, ...patch } }))
        await get().loadImages()
      },
      loadImages: () => fetchPage(null, true),
      loadMore: async () => {
        const { nextOffset, imagesLoading } = get()
        if (nextOffset === null || imagesLoading) return
        await fetchPage(nextOffset, false)
      },
      upsertImage: (image, replacesHash) =>
        set((state) => {
          const old = replacesHash ?? image.hash
          const index = state.images.findIndex((item) => item.hash === old)
          if (index < 0) {
            if (state.query.trash) return {}
            return { images: [image, ...state.images], total: state.total + 1 }
          }
          const images = state.images.slice()
          images[index] = image
          return { images }
        }),
      removeImage: (hash) =>
        set((state) => {
          const images = state.images.filter((item) => item.hash !== hash)
          return { images, total: state.total - (state.images.length - images.length) }
        }),
      restoreImage: async (hash) => {
        try {
          const image = await api.restoreImage(get().org, hash)
          get().removeImage(hash)
          get().notify(`Restored ${image.name}.`, 'info')
        } catch (thrown) {
          get().notify(`Could not restore: ${toUiError(thrown).message}`, 'error')
        }
      }
    }
  }
}
