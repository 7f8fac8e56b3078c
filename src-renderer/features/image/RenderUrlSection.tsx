import type { SourceImage } from '@shared/api/sourceimages'
import { useState } from 'react'
import { CopyField } from '../../components/CopyField'
import { fittedUrl, stackUrl } from '../../lib/render-urls'
import { useAppStore } from '../../store'

const FORMATS = ['jpg', 'png', 'webp', 'avif', 'jxl', 'gif']

/** The image's render URL through any stack, ready to copy. */
export const RenderUrlSection = ({ image }: { image: SourceImage }) => {
  const stacks = useAppStore((state) => state.stacks)
  const org = useAppStore((state) => state.org)
  const renderBaseUrl = useAppStore((state) => state.renderBaseUrl)
  const [stack, setStack] = useState(stacks[0]?.name ?? '')
  const [format, setFormat] = useState('jpg')
  const target = { renderBaseUrl, org }
  const url =
    stack === ''
      ? fittedUrl(target, image.hash, 800, format)
      : stackUrl(target, stack, image.hash, format)
  return (
    <section className="panel-section" aria-labelledby="render-title">
      <h3 id="render-title">Render URL</h3>
      <div className="inline-form">
        <label>
          Stack
          <select
            value={stack}
            onChange={(e) => setStack(e.target.value)}
            data-testid="render-url-stack"
          >
            <option value="">dynamic (resize 800)</option>
            {stacks.map((item) => (
              <option key={item.name}>{item.name}</option>
            ))}
          </select>
        </label>
        <label>
          Format
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value)}
            data-testid="render-url-format"
          >
            {FORMATS.map((item) => (
              <option key={item}>{item}</option>
            ))}
          </select>
        </label>
      </div>
      <CopyField label="URL" value={url} testId="render-url" />
    </section>
  )
}
