import { describe, expect, it } from 'vitest'
import { fakeApi, makeStore } from './testing'

const key = { id: 'k1', comment: 'ci', created: '', accessed: null }

describe('developer slice', () => {
  it('creates a key, shows its secret once and revokes it', async () => {
    const store = makeStore(
      fakeApi({
        listApiKeys: async () => [],
        createApiKey: async (comment) => ({ ...key, comment, api_key: 'secret' }),
        deleteApiKey: async () => undefined
      })
    )
    await store.getState().loadApiKeys()
    await store.getState().createApiKey('ci')
    expect(store.getState().newApiKey).toBe('secret')
    expect(store.getState().apiKeys).toEqual([key])
    await store.getState().revokeApiKey('k1')
    expect(store.getState().apiKeys).toEqual([])
  })

  it('keeps the refusal message', async () => {
    const store = makeStore(
      fakeApi({
        deleteApiKey: async () => {
          throw { code: 400, message: 'The key in use cannot be deleted.' }
        }
      })
    )
    await store.getState().revokeApiKey('k1')
    expect(store.getState().apiKeysError?.message).toBe('The key in use cannot be deleted.')
  })
})
