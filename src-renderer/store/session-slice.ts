import type { UserMembership } from '@shared/api/organizations'
import { toUiError } from '../api/errors'
import type { UiError } from '../api/types'
import type { SliceCreator, StoreDeps } from './types'

export type SessionStatus = 'idle' | 'connecting' | 'ready' | 'failed'

export interface SessionSlice {
  status: SessionStatus
  sessionError: UiError | null
  /** The organization the studio shows. */
  org: string
  apiUrl: string
  renderBaseUrl: string
  memberships: UserMembership[]
  connect: (oneTimeToken: string | null) => Promise<void>
  switchOrg: (org: string) => Promise<void>
}

export const createSessionSlice =
  ({ api }: StoreDeps): SliceCreator<SessionSlice> =>
  (set, get) => ({
    status: 'idle',
    sessionError: null,
    org: '',
    apiUrl: '',
    renderBaseUrl: '',
    memberships: [],
    connect: async (oneTimeToken) => {
      if (oneTimeToken === null || oneTimeToken === '') {
        set({
          status: 'failed',
          sessionError: {
            code: 401,
            message: 'This page needs the one-time link Darkroom printed when it started.'
          }
        })
        return
      }
      set({ status: 'connecting', sessionError: null })
      try {
        const session = await api.openSession(oneTimeToken)
        set({
          status: 'ready',
          org: session.organization,
          apiUrl: session.apiUrl,
          renderBaseUrl: session.renderBaseUrl
        })
      } catch (thrown) {
        set({ status: 'failed', sessionError: toUiError(thrown) })
        return
      }
      try {
        set({ memberships: await api.listMemberships() })
      } catch (thrown) {
        get().notify(`Organizations could not be listed: ${toUiError(thrown).message}`, 'error')
      }
    },
    switchOrg: async (org) => {
      if (org === get().org) return
      set({ org })
      get().closeImage()
      await Promise.all([get().loadImages(), get().loadStacks()])
    }
  })
