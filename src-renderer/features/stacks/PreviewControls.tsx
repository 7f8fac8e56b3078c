import { useAppStore } from '../../store'
import { PREVIEW_FORMATS, type PreviewDpr } from '../../store/editor-slice'

const DPRS: PreviewDpr[] = [1, 2, 3]

export const PreviewControls = () => {
  const images = useAppStore((state) => state.images)
  const hash = useAppStore((state) => state.previewHash)
  const dpr = useAppStore((state) => state.previewDpr)
  const format = useAppStore((state) => state.previewFormat)
  const setImage = useAppStore((state) => state.setPreviewImage)
  const setDpr = useAppStore((state) => state.setPreviewDpr)
  const setFormat = useAppStore((state) => state.setPreviewFormat)
  return (
    <div className="preview-controls">
      <label>
        Image
        <select
          value={hash ?? ''}
          onChange={(e) => setImage(e.target.value === '' ? null : e.target.value)}
          data-testid="preview-image-picker"
        >
          <option value="">(choose)</option>
          {images.slice(0, 500).map((image) => (
            <option key={image.hash} value={image.hash}>
              {image.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="segmented">
        <legend>DPR</legend>
        {DPRS.map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="preview-dpr"
              checked={dpr === value}
              onChange={() => setDpr(value)}
              data-testid={`preview-dpr-${value}`}
            />
            {value}×
          </label>
        ))}
      </fieldset>
      <fieldset className="segmented">
        <legend>Format</legend>
        {PREVIEW_FORMATS.map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="preview-format"
              checked={format === value}
              onChange={() => setFormat(value)}
              data-testid={`preview-format-${value}`}
            />
            {value}
          </label>
        ))}
      </fieldset>
    </div>
  )
}
