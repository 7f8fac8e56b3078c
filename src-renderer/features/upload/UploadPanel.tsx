import { formatBytes } from '../../lib/format'
import { useAppStore } from '../../store'
import { batchProgress, isFinished, type UploadItem } from '../../store/upload-slice'

const STATUS_TEXT: Record<UploadItem['status'], string> = {
  queued: 'Waiting',
  hashing: 'Checking',
  checking: 'Checking',
  uploading: 'Uploading',
  done: 'Uploaded',
  duplicate: 'Duplicate',
  failed: 'Failed',
  cancelled: 'Cancelled'
}

const UploadRow = ({ item }: { item: UploadItem }) => {
  const cancel = useAppStore((state) => state.cancelUpload)
  const fraction =
    item.status === 'done' || item.status === 'duplicate'
      ? 1
      : item.size === 0 || isFinished(item)
        ? 0
        : item.loaded / item.size
  return (
    <li
      className={`upload upload-${item.status}`}
      data-testid="upload-item"
      data-status={item.status}
    >
      <span className="upload-name" title={item.name}>
        {item.name}
      </span>
      <progress value={fraction} max={1} aria-label={`Progress of ${item.name}`} />
      <span className="upload-status">
        {STATUS_TEXT[item.status]} · {formatBytes(item.size)}
      </span>
      {item.message !== '' && (
        <span className="upload-message" data-testid="upload-message">
          {item.message}
        </span>
      )}
      {!isFinished(item) && (
        <button type="button" onClick={() => cancel(item.id)} aria-label={`Cancel ${item.name}`}>
          Cancel
        </button>
      )}
    </li>
  )
}

export const UploadPanel = () => {
  const uploads = useAppStore((state) => state.uploads)
  const clear = useAppStore((state) => state.clearUploads)
  if (uploads.length === 0) return null
  const done = uploads.filter(isFinished).length
  const progress = batchProgress(uploads)
  return (
    <aside className="upload-panel" aria-label="Uploads" data-testid="upload-panel">
      <header>
        <strong>
          Uploads {done}/{uploads.length}
        </strong>
        <progress
          value={progress}
          max={1}
          aria-label="Batch progress"
          data-testid="upload-batch-progress"
        />
        <button type="button" onClick={clear} data-testid="upload-clear">
          Clear finished
        </button>
      </header>
      <ul>
        {uploads.map((item) => (
          <UploadRow key={item.id} item={item} />
        ))}
      </ul>
    </aside>
  )
}
