import type { WatchActivity } from '@shared/api/watched-folders'
import { formatDate } from '../../lib/format'
import { thumbnailUrl, type RenderTarget } from '../../lib/render-urls'

const THUMB = 40

export const ActivityList = ({
  items,
  target
}: {
  items: WatchActivity[]
  target: RenderTarget
}) => {
  if (items.length === 0) return <p className="hint">Nothing has happened yet.</p>
  return (
    <ol className="folder-activity" data-testid="folder-activity">
      {items.map((item) => (
        <li key={item.seq} className={`activity activity-${item.kind}`} data-kind={item.kind}>
          {item.hash !== undefined ? (
            <img
              className="activity-thumb"
              src={thumbnailUrl(target, item.hash, THUMB)}
              width={THUMB}
              height={THUMB}
              alt=""
              loading="lazy"
              data-testid="activity-thumb"
            />
          ) : (
            <span className="activity-thumb" aria-hidden="true" />
          )}
          <span className="activity-text">
            {item.path !== '' && <span className="activity-path">{item.path}</span>}
            <span className="activity-message">{item.message}</span>
          </span>
          <time dateTime={item.at} className="activity-time">
            {formatDate(item.at)}
          </time>
        </li>
      ))}
    </ol>
  )
}
