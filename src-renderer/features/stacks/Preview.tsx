import { useEffect } from 'react'
import { ErrorText } from '../../components/ErrorText'
import { formatBytes } from '../../lib/format'
import { useAppStore } from '../../store'
import { CompareSlider } from './CompareSlider'
import { PreviewControls } from './PreviewControls'
import type { PreviewUrls } from './usePreviewUrl'

/** The live preview: re-rendered (debounced) whenever the draft's URL changes. */
export const Preview = ({ urls }: { urls: PreviewUrls }) => {
  const preview = useAppStore((state) => state.preview)
  const pending = useAppStore((state) => state.previewPending)
  const error = useAppStore((state) => state.previewError)
  const request = useAppStore((state) => state.requestPreview)
  const images = useAppStore((state) => state.images)
  const hash = useAppStore((state) => state.previewHash)
  const setImage = useAppStore((state) => state.setPreviewImage)

  useEffect(() => {
    const first = images[0]
    if (hash === null && first !== undefined) setImage(first.hash)
  }, [hash, images, setImage])

  useEffect(() => request(urls.url), [urls.url, request])

  const current = preview !== null && preview.renderUrl === urls.url
  return (
    <section className="preview panel-section" aria-labelledby="preview-title" aria-busy={pending}>
      <h3 id="preview-title">
        Live preview {pending && <small className="hint">rendering…</small>}
      </h3>
      <PreviewControls />
      {urls.problem !== null && (
        <p className="hint" data-testid="preview-problem">
          {urls.problem}
        </p>
      )}
      <ErrorText error={error} testId="preview-error" />
      {preview !== null && urls.original !== null && (
        <>
          <CompareSlider before={urls.original} after={preview.objectUrl} />
          <dl className="preview-facts" data-testid="preview-facts" data-current={current}>
            <div>
              <dt>Format</dt>
              <dd data-testid="preview-format">{preview.contentType}</dd>
            </div>
            <div>
              <dt>Dimensions</dt>
              <dd data-testid="preview-dimensions">
                {preview.width} × {preview.height}
              </dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd data-testid="preview-bytes">{formatBytes(preview.bytes)}</dd>
            </div>
            <div>
              <dt>Render time</dt>
              <dd data-testid="preview-time">{preview.milliseconds} ms</dd>
            </div>
          </dl>
        </>
      )}
      {urls.url !== null && (
        <p className="preview-url">
          <a href={urls.url} target="_blank" rel="noreferrer" data-testid="preview-url">
            Open this render
          </a>
        </p>
      )}
    </section>
  )
}
