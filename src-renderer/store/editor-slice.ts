import { toUiError } from '../api/errors'
import type { UiError } from '../api/types'
import { compileDraft, draftFromStack, emptyDraft, newOperationId, type StackDraft } from './draft'
import type { DraftValue } from './option-value'
import type { SliceCreator, StoreDeps } from './types'

export const PREVIEW_FORMATS = ['jpg', 'png', 'webp', 'avif'] as const
export type PreviewFormat = (typeof PREVIEW_FORMATS)[number]
export type PreviewDpr = 1 | 2 | 3

/** The rendered live preview and what its response said. */
export interface PreviewResult {
  renderUrl: string
  objectUrl: string
  width: number
  height: number
  contentType: string
  bytes: number
  milliseconds: number
}

export interface EditorSlice {
  draft: StackDraft | null
  draftDirty: boolean
  editorError: UiError | null
  previewHash: string | null
  previewDpr: PreviewDpr
  previewFormat: PreviewFormat
  preview: PreviewResult | null
  previewError: UiError | null
  previewPending: boolean
  editStack: (name: string) => void
  newStack: (name: string) => void
  closeDraft: () => void
  addOperation: (name: string) => void
  removeOperation: (id: string) => void
  moveOperation: (id: string, toIndex: number) => void
  toggleOperation: (id: string) => void
  setOperationValue: (id: string, key: string, value: DraftValue) => void
  setStackOption: (key: string, value: DraftValue) => void
  setPreviewImage: (hash: string | null) => void
  setPreviewDpr: (dpr: PreviewDpr) => void
  setPreviewFormat: (format: PreviewFormat) => void
  /** Renders `url` after the debounce; a newer request cancels this one. */
  requestPreview: (url: string | null) => void
  saveDraft: () => Promise<boolean>
}

export const createEditorSlice = (deps: StoreDeps): SliceCreator<EditorSlice> => {
  let latest = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: AbortController | undefined

  return (set, get) => {
    const edit = (change: (draft: StackDraft) => StackDraft) => {
      const draft = get().draft
      if (draft !== null) set({ draft: change(draft), draftDirty: true })
    }
    const editOperation = (
      id: string,
      change: (values: StackDraft['operations'][number]) => StackDraft['operations'][number]
    ) =>
      edit((draft) => ({
        ...draft,
        operations: draft.operations.map((operation) =>
          operation.id === id ? change(operation) : operation
        )
      }))

    const render = async (url: string, ticket: number) => {
      inFlight?.abort()
      const controller = new AbortController()
      inFlight = controller
      try {
        const rendered = await deps.api.fetchRender(url, controller.signal)
        if (ticket !== latest) return
        const decoded = await deps.decodeImage(rendered.blob)
        if (ticket !== latest) {
          deps.releaseImage(decoded.url)
          return
        }
        const old = get().preview
        set({
          previewPending: false,
          previewError: null,
          preview: {
            renderUrl: url,
            objectUrl: decoded.url,
            width: decoded.width,
            height: decoded.height,
            contentType: rendered.contentType,
            bytes: rendered.bytes,
            milliseconds: rendered.milliseconds
          }
        })
        if (old !== null) deps.releaseImage(old.objectUrl)
      } catch (thrown) {
        if (ticket === latest) set({ previewPending: false, previewError: toUiError(thrown) })
      }
    }

    return {
      draft: null,
      draftDirty: false,
      editorError: null,
      previewHash: null,
      previewDpr: 1,
      previewFormat: 'jpg',
      preview: null,
      previewError: null,
      previewPending: false,
      editStack: (name) => {
        const stack = get().stacks.find((item) => item.name === name)
        if (stack !== undefined) {
          set({ draft: draftFromStack(stack), draftDirty: false, editorError: null })
        }
      },
      newStack: (name) => set({ draft: emptyDraft(name), draftDirty: true, editorError: null }),
      closeDraft: () => set({ draft: null, draftDirty: false, editorError: null }),
      addOperation: (name) =>
        edit((draft) => ({
          ...draft,
          operations: [
            ...draft.operations,
            { id: newOperationId(), name, enabled: true, values: {} }
          ]
        })),
      removeOperation: (id) =>
        edit((draft) => ({
          ...draft,
          operations: draft.operations.filter((operation) => operation.id !== id)
        })),
      moveOperation: (id, toIndex) =>
        edit((draft) => {
          const from = draft.operations.findIndex((operation) => operation.id === id)
          const moving = draft.operations[from]
          if (moving === undefined) return draft
          const rest = draft.operations.filter((operation) => operation.id !== id)
          const at = Math.max(0, Math.min(rest.length, toIndex))
          return { ...draft, operations: [...rest.slice(0, at), moving, ...rest.slice(at)] }
        }),
      toggleOperation: (id) =>
        editOperation(id, (operation) => ({ ...operation, enabled: !operation.enabled })),
      setOperationValue: (id, key, value) =>
        editOperation(id, (operation) => ({
          ...operation,
          values: { ...operation.values, [key]: value }
        })),
      setStackOption: (key, value) =>
        edit((draft) => ({ ...draft, options: { ...draft.options, [key]: value } })),
      setPreviewImage: (hash) => set({ previewHash: hash }),
      setPreviewDpr: (previewDpr) => set({ previewDpr }),
      setPreviewFormat: (previewFormat) => set({ previewFormat }),
      requestPreview: (url) => {
        const ticket = ++latest
        if (timer !== undefined) clearTimeout(timer)
        inFlight?.abort()
        if (url === null) {
          set({ previewPending: false })
          return
        }
        set({ previewPending: true })
        timer = setTimeout(() => void render(url, ticket), deps.previewDelay)
      },
      saveDraft: async () => {
        const { draft, operationSchemas, stackOptionSchemas } = get()
        if (draft === null) return false
        const compiled = compileDraft(draft, operationSchemas, stackOptionSchemas)
        const problems = Object.keys(compiled.errors).length
        if (problems > 0) {
          set({ editorError: { code: 400, message: `Fix ${problems} invalid value(s) first.` } })
          return false
        }
        const saved = await get().saveStack(draft.name, compiled.body, !draft.isNew)
        if (saved === null) {
          set({ editorError: get().stacksError })
          return false
        }
        set({ draft: { ...draft, isNew: false }, draftDirty: false, editorError: null })
        get().notify(`Saved stack ${draft.name}.`, 'info')
        return true
      }
    }
  }
}
