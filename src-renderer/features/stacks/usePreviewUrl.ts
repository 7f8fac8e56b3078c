import { useMemo } from 'react'
import { draftUrl } from '../../lib/render-urls'
import { useAppStore } from '../../store'
import { compileDraft, type CompiledDraft } from '../../store/draft'

export interface PreviewUrls {
  compiled: CompiledDraft | null
  /** The draft as a dynamic render URL; null while invalid or without an image. */
  url: string | null
  original: string | null
  problem: string | null
}

/** Builds the live preview URL from the unsaved draft, so nothing needs saving to preview. */
export const usePreviewUrl = (): PreviewUrls => {
  const draft = useAppStore((state) => state.draft)
  const operationSchemas = useAppStore((state) => state.operationSchemas)
  const optionSchemas = useAppStore((state) => state.stackOptionSchemas)
  const hash = useAppStore((state) => state.previewHash)
  const dpr = useAppStore((state) => state.previewDpr)
  const format = useAppStore((state) => state.previewFormat)
  const org = useAppStore((state) => state.org)
  const renderBaseUrl = useAppStore((state) => state.renderBaseUrl)

  return useMemo(() => {
    if (draft === null) return { compiled: null, url: null, original: null, problem: null }
    const compiled = compileDraft(draft, operationSchemas, optionSchemas)
    if (hash === null)
      return { compiled, url: null, original: null, problem: 'Pick an image to preview.' }
    const target = { renderBaseUrl, org }
    const original = draftUrl(target, hash, [], {}, format)
    if (Object.keys(compiled.errors).length > 0) {
      return {
        compiled,
        url: null,
        original,
        problem: 'Fix the flagged values to update the preview.'
      }
    }
    const options = { ...compiled.body.options, ...(dpr > 1 ? { dpr } : {}) }
    try {
      return {
        compiled,
        url: draftUrl(target, hash, compiled.previewOperations, options, format),
        original,
        problem: null
      }
    } catch (thrown) {
      const message =
        thrown instanceof Error ? thrown.message : 'This draft cannot be written as a URL.'
      return { compiled, url: null, original, problem: message }
    }
  }, [draft, operationSchemas, optionSchemas, hash, dpr, format, org, renderBaseUrl])
}
