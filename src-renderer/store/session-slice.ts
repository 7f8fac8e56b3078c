import type { UserMembership } from '@shared/api/organizations'
import { toUiError } from '../api/errors'
import type { SessionInfo, UiError } from '../api/types'
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

const NEEDS_LINK = 'This page needs the one-time link Darkroom printed when it started.'
const SESSION_ENDED =
  'The session of this tab has ended; open the one-time link Darkroom printed when it started.'

export const createSessionSlice =
  ({ api, savedSession }: StoreDeps): SliceCreator<SessionSlice> =>
  (set, get) => {
    const fail = (message: string) =>
      set({ status: 'failed', sessionError: { code: 401, message } })

    const ready = (session: SessionInfo) =>
      set({
        status: 'ready',
        org: session.organization,
        apiUrl: session.apiUrl,
        renderBaseUrl: session.renderBaseUrl
      })

    // a new link wins over a session kept from before a reload
    const open = async (oneTimeToken: string): Promise<boolean> => {
      set({ status: 'connecting', sessionError: null })
      try {
        ready(await api.openSession(oneTimeToken))
        return true
      } catch (thrown) {
        set({ status: 'failed', sessionError: toUiError(thrown) })
        return false
      }
    }

    // the kept JWT may still be refused (server restarted on another library, key revoked)
    const resume = async (saved: SessionInfo): Promise<boolean> => {
      set({ status: 'connecting', sessionError: null })
      api.resumeSession(saved)
      try {
        const memberships = await api.listMemberships()
        ready(saved)
        set({ memberships })
        return true
      } catch (thrown) {
        const error = toUiError(thrown)
        if (error.code === 401 || error.code === 403) {
          savedSession.forget()
          fail(SESSION_ENDED)
        } else set({ status: 'failed', sessionError: error })
        return false
      }
    }

    return {
      status: 'idle',
      sessionError: null,
      org: '',
      apiUrl: '',
      renderBaseUrl: '',
      memberships: [],
      connect: async (oneTimeToken) => {
        if (oneTimeToken === null || oneTimeToken === '') {
          const saved = savedSession.load()
          if (saved === null) fail(NEEDS_LINK)
          else await resume(saved)
          return
        }
        if (!(await open(oneTimeToken))) return
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
    }
  }
