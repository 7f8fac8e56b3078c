import type { WatchedFolder } from '@shared/api/watched-folders'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { useAppStore } from '../../store'
import { ActivityList } from './ActivityList'

const STATE_LABEL: Record<WatchedFolder['state'], string> = {
  starting: 'Starting',
  watching: 'Watching',
  paused: 'Paused',
  error: 'Error'
}

export const FolderCard = ({ folder }: { folder: WatchedFolder }) => {
  const renderBaseUrl = useAppStore((state) => state.renderBaseUrl)
  const pause = useAppStore((state) => state.pauseFolder)
  const resume = useAppStore((state) => state.resumeFolder)
  const remove = useAppStore((state) => state.removeFolder)
  const [confirming, setConfirming] = useState(false)
  const { counts } = folder
  return (
    <article
      className="panel-section folder-card"
      data-testid="folder-card"
      data-path={folder.path}
      data-state={folder.state}
      aria-label={`Watched folder ${folder.path}`}
    >
      <header className="folder-head">
        <div>
          <h3 className="folder-path-title" title={folder.path}>
            {folder.path}
          </h3>
          <p className="hint">
            into <strong>{folder.organization}</strong>
            {folder.recursive ? ', with subfolders' : ', this folder only'}
            {folder.trash_on_delete ? ', deleting a file trashes its image' : ''}
            {folder.transient ? ' (for this run of the server)' : ''}
          </p>
        </div>
        <span
          className={`badge folder-state folder-state-${folder.state}`}
          data-testid="folder-state"
        >
          {STATE_LABEL[folder.state]}
        </span>
      </header>
      {folder.error !== null && (
        <p role="alert" className="error" data-testid="folder-error">
          {folder.error}
        </p>
      )}
      <dl className="folder-counts">
        <div>
          <dt>Imported</dt>
          <dd data-testid="count-imported">{counts.imported}</dd>
        </div>
        <div>
          <dt>Already known</dt>
          <dd data-testid="count-known">{counts.known}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd data-testid="count-skipped">{counts.skipped}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd data-testid="count-failed">{counts.failed}</dd>
        </div>
        <div>
          <dt>Waiting</dt>
          <dd data-testid="count-pending">{folder.pending}</dd>
        </div>
      </dl>
      {Object.keys(folder.user_metadata).length > 0 && (
        <p className="hint">
          Metadata:{' '}
          {Object.entries(folder.user_metadata)
            .map(([key, value]) => `${key}: ${String(value)}`)
            .join(', ')}
        </p>
      )}
      <div className="button-row">
        {folder.state === 'paused' ? (
          <button type="button" onClick={() => void resume(folder.id)} data-testid="folder-resume">
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => void pause(folder.id)} data-testid="folder-pause">
            Pause
          </button>
        )}
        <button
          type="button"
          className="danger"
          onClick={() => setConfirming(true)}
          data-testid="folder-remove"
        >
          Stop watching
        </button>
      </div>
      <h4>Recent activity</h4>
      <ActivityList items={folder.activity} target={{ renderBaseUrl, org: folder.organization }} />
      {confirming && (
        <ConfirmDialog
          title="Stop watching this folder?"
          confirmLabel="Stop watching"
          danger
          onConfirm={() => {
            setConfirming(false)
            void remove(folder.id)
          }}
          onCancel={() => setConfirming(false)}
        >
          {folder.path} will no longer be watched. Images already imported stay in the library.
        </ConfirmDialog>
      )}
    </article>
  )
}
