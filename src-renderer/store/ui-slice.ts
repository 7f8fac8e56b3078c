import type { SliceCreator } from './types'

export type View = 'library' | 'stacks' | 'folders' | 'developer'
export type Tone = 'info' | 'error'

export interface Toast {
  id: number
  message: string
  tone: Tone
}

export interface UiSlice {
  view: View
  toasts: Toast[]
  setView: (view: View) => void
  notify: (message: string, tone: Tone) => void
  dismissToast: (id: number) => void
}

const MAX_TOASTS = 4

export const createUiSlice = (): SliceCreator<UiSlice> => {
  let nextId = 1
  return (set) => ({
    view: 'library',
    toasts: [],
    setView: (view) => set({ view }),
    notify: (message, tone) =>
      set((state) => ({
        toasts: [...state.toasts, { id: nextId++, message, tone }].slice(-MAX_TOASTS)
      })),
    dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }))
  })
}
