import type { ScrubHealth, StoreState } from '@shared/api/health'
import { useAppStore } from '../store'
import { damagedImages, type DamagedImage } from '../store/health-slice'

const PAUSED: Record<Exclude<StoreState, 'ok'>, string> = {
  read_only: 'Uploads are paused: the library is read-only.',
  full: 'Uploads are paused: the disk is full.'
}

/** Counted from the server's totals: its lists stop at a limit. */
const damageText = ({ corrupt_images: corrupt, missing_images: missing }: ScrubHealth): string => {
  const parts = [
    corrupt > 0 ? `${corrupt} with a damaged original` : '',
    missing > 0 ? `${missing} with a missing original` : ''
  ].filter(Boolean)
  const total = corrupt + missing
  const count = total === 1 ? '1 image' : `${total} images`
  return `${count} cannot be downloaded or rendered (${parts.join(', ')}).`
}

const DamagedImageRow = ({ image, openable }: { image: DamagedImage; openable: boolean }) => {
  const showImage = useAppStore((state) => state.showImage)
  return (
    <li data-testid="damaged-image">
      <span className="damaged-name">{image.name}</span>{' '}
      <code title={image.hash}>
        {image.organization}/{image.hash.slice(0, 12)}
      </code>{' '}
      <span className="hint">
        {image.damage === 'missing' ? 'file missing' : 'bytes changed'}
        {image.deleted ? ', in the trash' : ''}
      </span>
      {openable && (
        <button type="button" onClick={() => void showImage(image.hash)}>
          Open
        </button>
      )}
    </li>
  )
}

/** Banners while the store cannot take new images or keep renders, or holds damaged originals. */
export const StoreHealthBanner = () => {
  const health = useAppStore((state) => state.health)
  const healthError = useAppStore((state) => state.healthError)
  const org = useAppStore((state) => state.org)
  const damaged = damagedImages(health)
  const state = health?.store.state ?? 'ok'
  const cacheState = health?.render_cache.state ?? 'ok'

  // always in the page, so screen readers hear banners that appear later
  return (
    <div className="health-area" aria-live="polite">
      {state !== 'ok' && health !== null && (
        <div className="health-banner" role="alert" data-testid="store-banner" data-state={state}>
          <strong>{PAUSED[state]}</strong> <span>{health.store.message}</span>
        </div>
      )}
      {cacheState !== 'ok' && health !== null && (
        <div className="health-banner" role="alert" data-testid="render-cache-banner" data-state={cacheState}>
          <strong>Renders are not being kept.</strong> <span>{health.render_cache.message}</span>
        </div>
      )}
      {damaged.length > 0 && health !== null && (
        <div className="health-banner" role="alert" data-testid="damage-banner">
          <strong>{damageText(health.scrub)}</strong>{' '}
          <span>
            Upload the original files again to repair them, or delete the images;{' '}
            <code>npm run verify</code> checks the whole library.
          </span>
          <details>
            <summary>Show which</summary>
            <ul className="damaged-list">
              {damaged.map((image) => (
                <DamagedImageRow
                  key={`${image.damage}/${image.organization}/${image.hash}`}
                  image={image}
                  openable={image.organization === org && !image.deleted}
                />
              ))}
            </ul>
            {damaged.length < health.scrub.corrupt_images + health.scrub.missing_images && (
              <p className="hint">
                The first {damaged.length} are listed; <code>npm run verify</code> lists them all.
              </p>
            )}
          </details>
        </div>
      )}
      {healthError !== null && (state !== 'ok' || cacheState !== 'ok' || damaged.length > 0) && (
        <p className="hint health-stale" data-testid="health-error">
          This may be out of date: {healthError.message}
        </p>
      )}
    </div>
  )
}
