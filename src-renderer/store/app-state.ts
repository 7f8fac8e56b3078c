import type { StateCreator } from 'zustand'
import { createDetailSlice } from './detail-slice'
import { createDeveloperSlice } from './developer-slice'
import { createEditorSlice } from './editor-slice'
import { createFoldersSlice } from './folders-slice'
import { createHealthSlice } from './health-slice'
import { createImagesSlice } from './images-slice'
import { createSessionSlice } from './session-slice'
import { createStacksSlice } from './stacks-slice'
import type { AppState, StoreDeps } from './types'
import { createUiSlice } from './ui-slice'
import { createUploadSlice } from './upload-slice'

/** All slices combined; middleware is applied by whoever builds the store. */
export const createAppState = (
  deps: StoreDeps
): StateCreator<AppState, [['zustand/devtools', never]]> => {
  const slices = [
    createSessionSlice(deps),
    createImagesSlice(deps),
    createDetailSlice(deps),
    createUploadSlice(deps),
    createStacksSlice(deps),
    createEditorSlice(deps),
    createDeveloperSlice(deps),
    createFoldersSlice(deps),
    createHealthSlice(deps),
    createUiSlice()
  ] as const
  return (...args) => {
    const [session, images, detail, upload, stacks, editor, developer, folders, health, ui] = slices
    return {
      ...session(...args),
      ...images(...args),
      ...detail(...args),
      ...upload(...args),
      ...stacks(...args),
      ...editor(...args),
      ...developer(...args),
      ...folders(...args),
      ...health(...args),
      ...ui(...args)
    }
  }
}
