import { devtools } from 'zustand/middleware'
import { createStore } from 'zustand/vanilla'
import type { SourceImage } from '@shared/api/sourceimages'
import type { Stack } from '@shared/api/stacks'
import type { RokkaApi } from '../api/types'
import { createAppState } from './app-state'
import type { AppState, StoreDeps } from './types'

const unexpected = (name: string) => () => {
  throw new Error(`The test did not expect api.${name}`)
}

/** A RokkaApi whose every method throws unless the test supplies it. */
export const fakeApi = (overrides: Partial<RokkaApi> = {}): RokkaApi => {
  const names: (keyof RokkaApi)[] = [
    'openSession',
    'resumeSession',
    'listMemberships',
    'listImages',
    'findByBinaryHash',
    'getImage',
    'uploadImage',
    'deleteImage',
    'restoreImage',
    'renameImage',
    'setLocked',
    'patchUserMetadata',
    'setSubjectArea',
    'clearSubjectArea',
    'copyImage',
    'downloadImage',
    'listStacks',
    'putStack',
    'deleteStack',
    'listOperations',
    'getStackOptions',
    'listApiKeys',
    'createApiKey',
    'deleteApiKey',
    'fetchRender',
    'getHealth'
  ]
  const api = Object.fromEntries(
    names.map((name) => [name, unexpected(name)])
  ) as unknown as RokkaApi
  return { ...api, ...overrides }
}

/** The whole store without React, as architecture §9 asks. */
export const makeStore = (api: RokkaApi, deps: Partial<StoreDeps> = {}) => {
  const store = createStore<AppState>()(
    devtools(
      createAppState({
        api,
        hashFile: async () => '0'.repeat(40),
        decodeImage: async () => ({ url: 'blob:fake', width: 10, height: 10 }),
        releaseImage: () => undefined,
        previewDelay: 0,
        savedSession: { load: () => null, save: () => undefined, forget: () => undefined },
        ...deps
      }),
      { enabled: false }
    )
  )
  store.setState({ org: 'local', renderBaseUrl: 'http://127.0.0.1:1/render', status: 'ready' })
  return store
}

export const image = (hash: string, patch: Partial<SourceImage> = {}): SourceImage => ({
  hash,
  short_hash: hash.slice(0, 6),
  binary_hash: hash.split('').reverse().join(''),
  created: '2026-01-01T00:00:00+00:00',
  name: `${hash.slice(0, 4)}.jpg`,
  mimetype: 'image/jpeg',
  format: 'jpg',
  size: 1000,
  width: 100,
  height: 80,
  organization: 'local',
  link: `/sourceimages/local/${hash}`,
  protected: false,
  locked: false,
  opaque: true,
  animated: false,
  deleted: false,
  ...patch
})

export const hashOf = (digit: string): string => digit.repeat(40)

export const stack = (name: string, patch: Partial<Stack> = {}): Stack => ({
  name,
  organization: 'local',
  created: '2026-01-01T00:00:00+00:00',
  stack_operations: [],
  stack_options: {},
  stack_expressions: [],
  stack_variables: {},
  ...patch
})

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0))
