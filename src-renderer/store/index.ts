import { create } from 'zustand'
import { devtools } from 'zustand/middleware'
import { createRokkaClient } from '../api/rokka-client'
import { decodeImage, hashFile, releaseImage } from '../lib/browser-media'
import { createAppState } from './app-state'
import type { AppState } from './types'

export type { AppState } from './types'

export const useAppStore = create<AppState>()(
  devtools(
    createAppState({
      api: createRokkaClient(),
      hashFile,
      decodeImage,
      releaseImage,
      previewDelay: 250
    }),
    { name: 'darkroom' }
  )
)
