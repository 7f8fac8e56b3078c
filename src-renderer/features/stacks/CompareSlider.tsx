import { useState } from 'react'

interface Props {
  before: string
  after: string
}

/** Original on the left of the handle, the render on the right; the range input is the handle. */
export const CompareSlider = ({ before, after }: Props) => {
  const [position, setPosition] = useState(50)
  return (
    <div className="compare" data-testid="compare-slider">
      <img src={before} alt="Original" className="compare-layer" />
      <img
        src={after}
        alt="Rendered with the draft"
        className="compare-layer"
        style={{ clipPath: `inset(0 0 0 ${position}%)` }}
        data-testid="preview-image"
      />
      <div className="compare-line" style={{ left: `${position}%` }} aria-hidden="true" />
      <label className="compare-range">
        <span className="visually-hidden">Before/after position</span>
        <input
          type="range"
          min={0}
          max={100}
          value={position}
          onChange={(event) => setPosition(Number(event.target.value))}
          data-testid="compare-range"
        />
      </label>
    </div>
  )
}
