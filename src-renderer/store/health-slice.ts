import type { DarkroomHealth } from '@shared/api/health'
import { toUiError } from '../api/errors'
import type { UiError } from '../api/types'
import { alwaysVisible } from '../lib/page-visibility'
import type { SliceCreator, StoreDeps } from './types'

/** How often the studio asks the server about its store: a tiny request, so a short wait. */
export const HEALTH_POLL_MS = 10_000

/** An image whose original the server found damaged, as the banner lists it. */
export interface DamagedImage {
  organization: string
  hash: string
  name: string
  deleted: boolean
  /** `corrupt`: its bytes changed; `missing`: its file is gone. */
  damage: 'corrupt' | 'missing'
}

export interface HealthSlice {
  /** The server's last answer about its store; null until the first one. */
  health: DarkroomHealth | null
  healthError: UiError | null
  loadHealth: () => Promise<void>
  /**
   * Asks now and then every `healthPollMs` while the studio is on screen, and at once when it
   * comes back into view, until the returned function is called.
   */
  followHealth: () => () => void
}

/** Every image the health answer names as damaged, corrupt ones first, each once. */
export const damagedImages = (health: DarkroomHealth | null): DamagedImage[] => {
  if (health === null) return []
  const list = (damage: DamagedImage['damage'], originals: DarkroomHealth['scrub']['corrupt']) =>
    originals.flatMap((original) => original.images.map((image) => ({ ...image, damage })))
  return [...list('corrupt', health.scrub.corrupt), ...list('missing', health.scrub.missing)]
}

export const createHealthSlice =
  ({ api, healthPollMs = HEALTH_POLL_MS, visibility = alwaysVisible }: StoreDeps): SliceCreator<HealthSlice> =>
  (set, get) => ({
    health: null,
    healthError: null,
    loadHealth: async () => {
      try {
        set({ health: await api.getHealth(), healthError: null })
      } catch (thrown) {
        // the last known state stays on screen; the error says it may be stale
        set({ healthError: toUiError(thrown) })
      }
    },
    followHealth: () => {
      const ask = () => void get().loadHealth()
      ask()
      // a hidden studio need not ask; one brought back asks at once, so its banners are current
      const timer = setInterval(() => {
        if (!visibility.isHidden()) ask()
      }, healthPollMs)
      const stopListening = visibility.onShown(ask)
      return () => {
        clearInterval(timer)
        stopListening()
      }
    }
  })
