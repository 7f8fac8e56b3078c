import type { SourceImage } from '@shared/api/sourceimages'
import { memo } from 'react'
import { thumbnailUrl } from '../../lib/render-urls'
import { useAppStore } from '../../store'

interface Props {
  image: SourceImage
  size: number
  /** Position in the library, for arrow-key moves. */
  index: number
}

const ImageCardView = ({ image, size, index }: Props) => {
  const org = useAppStore((state) => state.org)
  const renderBaseUrl = useAppStore((state) => state.renderBaseUrl)
  const showImage = useAppStore((state) => state.showImage)
  const restoreImage = useAppStore((state) => state.restoreImage)
  if (image.deleted) {
    return (
      <figure className="card card-deleted" data-testid="image-card" data-hash={image.hash}>
        <div className="card-placeholder" aria-hidden="true">
          {image.format}
        </div>
        <figcaption title={image.name}>{image.name}</figcaption>
        <button
          type="button"
          data-index={index}
          onClick={() => void restoreImage(image.hash)}
          data-testid="image-restore"
        >
          Restore
        </button>
      </figure>
    )
  }
  const src = thumbnailUrl({ renderBaseUrl, org }, image.hash, size)
  return (
    <button
      type="button"
      className="card"
      onClick={() => void showImage(image.hash)}
      data-testid="image-card"
      data-hash={image.hash}
      data-index={index}
      aria-label={`Open ${image.name}`}
    >
      <img src={src} alt="" width={size} height={size} loading="lazy" decoding="async" />
      <span className="card-name" title={image.name}>
        {image.name}
      </span>
      <span className="card-meta">
        {image.width}×{image.height} · {image.format}
        {image.locked ? ' · locked' : ''}
      </span>
    </button>
  )
}

export const ImageCard = memo(ImageCardView)
