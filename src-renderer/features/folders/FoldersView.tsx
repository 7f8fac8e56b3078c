import { useEffect } from 'react'
import { ErrorText } from '../../components/ErrorText'
import { useAppStore } from '../../store'
import { AddFolderForm } from './AddFolderForm'
import { FolderCard } from './FolderCard'
import './folders.css'

/** Watched folders: add one, and follow each folder's state, counts and activity live. */
export const FoldersView = () => {
  const folders = useAppStore((state) => state.folders)
  const loaded = useAppStore((state) => state.foldersLoaded)
  const error = useAppStore((state) => state.foldersError)
  const live = useAppStore((state) => state.foldersLive)

  useEffect(() => {
    const { loadFolders, followFolders } = useAppStore.getState()
    void loadFolders()
    return followFolders()
  }, [])

  return (
    <section className="folders-view" aria-label="Watched folders" data-testid="folders-view">
      <div className="folders-main">
        <div className="folders-title">
          <h2>Watched folders</h2>
          <span className="hint" data-testid="folders-live">
            {live ? 'Live' : 'Reconnecting…'}
          </span>
        </div>
        <ErrorText error={error} testId="folders-error" />
        {loaded && folders.length === 0 && (
          <p className="empty" data-testid="folders-empty">
            No folder is watched yet.
          </p>
        )}
        {folders.map((folder) => (
          <FolderCard key={folder.id} folder={folder} />
        ))}
      </div>
      <aside className="folders-side">
        <AddFolderForm />
      </aside>
    </section>
  )
}
