import type { ApiKeyInfo } from '@shared/api/users'
import { toUiError } from '../api/errors'
import type { UiError } from '../api/types'
import type { SliceCreator, StoreDeps } from './types'

export interface DeveloperSlice {
  apiKeys: ApiKeyInfo[]
  /** The secret of the key created last; the server shows it only once. */
  newApiKey: string | null
  apiKeysError: UiError | null
  loadApiKeys: () => Promise<void>
  createApiKey: (comment: string) => Promise<void>
  revokeApiKey: (id: string) => Promise<void>
}

export const createDeveloperSlice =
  ({ api }: StoreDeps): SliceCreator<DeveloperSlice> =>
  (set, get) => {
    const attempt = async (work: () => Promise<void>) => {
      set({ apiKeysError: null })
      try {
        await work()
      } catch (thrown) {
        set({ apiKeysError: toUiError(thrown) })
      }
    }
    return {
      apiKeys: [],
      newApiKey: null,
      apiKeysError: null,
      loadApiKeys: () => attempt(async () => set({ apiKeys: await api.listApiKeys() })),
      createApiKey: (comment) =>
        attempt(async () => {
          const created = await api.createApiKey(comment)
          const { api_key: secret, ...info } = created
          set((state) => ({ apiKeys: [...state.apiKeys, info], newApiKey: secret ?? null }))
        }),
      revokeApiKey: (id) =>
        attempt(async () => {
          await api.deleteApiKey(id)
          set((state) => ({ apiKeys: state.apiKeys.filter((key) => key.id !== id) }))
          get().notify('API key revoked.', 'info')
        })
    }
  }
