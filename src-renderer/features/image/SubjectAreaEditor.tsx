import type { SourceImage } from '@shared/api/sourceimages'
import { useRef, useState, type PointerEvent } from 'react'
import type { SubjectArea } from '../../api/types'
import { fittedUrl } from '../../lib/render-urls'
import { useAppStore } from '../../store'

const PREVIEW_SIZE = 1200

const storedArea = (image: SourceImage): SubjectArea | null => {
  const area = image.dynamic_metadata?.subject_area as Partial<SubjectArea> | undefined
  if (area === undefined || typeof area.x !== 'number' || typeof area.y !== 'number') return null
  return { x: area.x, y: area.y, width: area.width ?? 1, height: area.height ?? 1 }
}

/** The large preview; dragging on it draws a subject area in source image pixels. */
export const SubjectAreaEditor = ({ image }: { image: SourceImage }) => {
  const org = useAppStore((state) => state.org)
  const renderBaseUrl = useAppStore((state) => state.renderBaseUrl)
  const setSubjectArea = useAppStore((state) => state.setSubjectArea)
  const clearSubjectArea = useAppStore((state) => state.clearSubjectArea)
  const busy = useAppStore((state) => state.detailBusy)
  const frame = useRef<HTMLDivElement>(null)
  const start = useRef<{ x: number; y: number } | null>(null)
  const saved = storedArea(image)
  const [draft, setDraft] = useState<SubjectArea | null>(null)
  const shown = draft ?? saved

  const toSource = (event: PointerEvent<HTMLDivElement>) => {
    const box = frame.current?.getBoundingClientRect()
    if (box === undefined || box.width === 0) return { x: 0, y: 0 }
    const clamp = (value: number, max: number) => Math.round(Math.max(0, Math.min(max, value)))
    return {
      x: clamp(((event.clientX - box.left) / box.width) * image.width, image.width),
      y: clamp(((event.clientY - box.top) / box.height) * image.height, image.height)
    }
  }
  const onDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId)
    start.current = toSource(event)
    setDraft({ ...start.current, width: 1, height: 1 })
  }
  const onMove = (event: PointerEvent<HTMLDivElement>) => {
    if (start.current === null) return
    const here = toSource(event)
    const from = start.current
    setDraft({
      x: Math.min(from.x, here.x),
      y: Math.min(from.y, here.y),
      width: Math.max(1, Math.abs(here.x - from.x)),
      height: Math.max(1, Math.abs(here.y - from.y))
    })
  }
  const percent = (value: number, of: number) => `${(value / of) * 100}%`
  const setField = (key: keyof SubjectArea, value: string) =>
    setDraft({
      ...(shown ?? { x: 0, y: 0, width: 1, height: 1 }),
      [key]: Math.max(0, Number(value) || 0)
    })

  return (
    <div className="subject-editor">
      <div
        ref={frame}
        className="subject-frame"
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={() => (start.current = null)}
        data-testid="subject-area-frame"
      >
        <img
          src={fittedUrl({ renderBaseUrl, org }, image.hash, PREVIEW_SIZE)}
          alt={image.name}
          draggable={false}
          data-testid="image-preview"
        />
        {shown !== null && (
          <div
            className={draft === null ? 'subject-box' : 'subject-box subject-box-draft'}
            data-testid="subject-area-box"
            style={{
              left: percent(shown.x, image.width),
              top: percent(shown.y, image.height),
              width: percent(shown.width, image.width),
              height: percent(shown.height, image.height)
            }}
          />
        )}
      </div>
      <fieldset className="subject-fields">
        <legend>Subject area (px) — drag on the image or type</legend>
        {(['x', 'y', 'width', 'height'] as const).map((key) => (
          <label key={key}>
            {key}
            <input
              type="number"
              min={0}
              value={shown?.[key] ?? ''}
              onChange={(event) => setField(key, event.target.value)}
              data-testid={`subject-area-${key}`}
            />
          </label>
        ))}
        <button
          type="button"
          className="primary"
          disabled={busy || draft === null}
          onClick={() => draft !== null && void setSubjectArea(draft).then(() => setDraft(null))}
          data-testid="subject-area-save"
        >
          Set subject area
        </button>
        <button
          type="button"
          disabled={busy || saved === null}
          onClick={() => void clearSubjectArea().then(() => setDraft(null))}
          data-testid="subject-area-clear"
        >
          Clear
        </button>
        {draft !== null && (
          <button type="button" onClick={() => setDraft(null)}>
            Discard
          </button>
        )}
      </fieldset>
      <p className="hint">Setting or clearing it changes the image hash; Darkroom follows it.</p>
    </div>
  )
}
