import type { StateCreator } from 'zustand'
import type { PageVisibility } from '../lib/page-visibility'
import type { RokkaApi } from '../api/types'
import type { SavedSession } from '../lib/saved-session'
import type { DetailSlice } from './detail-slice'
import type { DeveloperSlice } from './developer-slice'
import type { EditorSlice } from './editor-slice'
import type { FoldersSlice } from './folders-slice'
import type { HealthSlice } from './health-slice'
import type { ImagesSlice } from './images-slice'
import type { SessionSlice } from './session-slice'
import type { StacksSlice } from './stacks-slice'
import type { UiSlice } from './ui-slice'
import type { UploadSlice } from './upload-slice'

export type AppState = SessionSlice &
  ImagesSlice &
  DetailSlice &
  UploadSlice &
  StacksSlice &
  EditorSlice &
  DeveloperSlice &
  FoldersSlice &
  HealthSlice &
  UiSlice

export type SliceCreator<T> = StateCreator<AppState, [['zustand/devtools', never]], [], T>

/** A decoded image ready to show: an object URL and its pixel size. */
export interface DecodedImage {
  url: string
  width: number
  height: number
}

/** What the store needs from the outside world; tests pass fakes. */
export interface StoreDeps {
  api: RokkaApi
  /** Lowercase hex SHA-1 of the bytes. */
  hashFile: (file: Blob) => Promise<string>
  /** Makes an object URL for the blob and waits until it decodes as an image. */
  decodeImage: (blob: Blob) => Promise<DecodedImage>
  releaseImage: (url: string) => void
  /** Milliseconds the live preview waits for more edits before rendering. */
  previewDelay: number
  /** Where the session survives a reload of the page. */
  savedSession: SavedSession
  /** Milliseconds between questions about the store's health (default 10 s). */
  healthPollMs?: number
  /** Whether the studio is on screen: health is not polled while it is hidden (default: always shown). */
  visibility?: PageVisibility
}
