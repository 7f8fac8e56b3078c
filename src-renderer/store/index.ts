import { create } from 'zustand'
import { devtools } from 'zustand/middleware'
import { createRokkaClient } from '../api/rokka-client'
import { decodeImage, hashFile, releaseImage } from '../lib/browser-media'
import { documentVisibility } from '../lib/page-visibility'
import { tabSavedSession } from '../lib/saved-session'
import { createAppState } from './app-state'
import type { AppState } from './types'

export type { AppState } from './types'

const savedSession = tabSavedSession()

export const useAppStore = create<AppState>()(
  devtools(
    createAppState({
      api: createRokkaClient('/_darkroom/session', savedSession.save),
      savedSession,
      hashFile,
      decodeImage,
      releaseImage,
      previewDelay: 250,
      visibility: documentVisibility()
    }),
    { name: 'darkroom' }
  )
)
