import type { SourceImage } from '@shared/api/sourceimages'
import { useEffect } from 'react'
import { formatDate } from '../../lib/format'
import { useAppStore } from '../../store'
import './folders.css'

/** Which file(s) of watched folders an image came from; nothing for uploaded images. */
export const ImageOrigins = ({ image }: { image: SourceImage }) => {
  const origins = useAppStore((state) => state.origins)
  const load = useAppStore((state) => state.loadOrigins)
  useEffect(() => void load(image.organization, image.hash), [load, image.organization, image.hash])
  if (origins === null || origins.hash !== image.hash || origins.items.length === 0) return null
  return (
    <section className="panel-section" aria-labelledby="origins-title" data-testid="image-origins">
      <h3 id="origins-title">From watched folders</h3>
      <ul className="image-origins">
        {origins.items.map((origin) => (
          <li
            key={origin.path}
            className={origin.gone === null ? undefined : 'origin-gone'}
            data-testid="image-origin"
          >
            <code>{origin.path}</code>
            {origin.gone === null
              ? ` (since ${formatDate(origin.first_seen)})`
              : ` (gone since ${formatDate(origin.gone)})`}
          </li>
        ))}
      </ul>
    </section>
  )
}
