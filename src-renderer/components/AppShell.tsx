import { useEffect } from 'react'
import { DeveloperPanel } from '../features/developer/DeveloperPanel'
import { FoldersView } from '../features/folders/FoldersView'
import { ImageView } from '../features/image/ImageView'
import { LibraryView } from '../features/library/LibraryView'
import { OrgSwitcher } from '../features/library/OrgSwitcher'
import { StacksView } from '../features/stacks/StacksView'
import { DropTarget } from '../features/upload/DropTarget'
import { UploadButtons } from '../features/upload/UploadButtons'
import { UploadPanel } from '../features/upload/UploadPanel'
import { useAppStore } from '../store'
import type { View } from '../store/ui-slice'
import { StoreHealthBanner } from './StoreHealthBanner'
import { Toasts } from './Toasts'

const VIEWS: { view: View; label: string }[] = [
  { view: 'library', label: 'Library' },
  { view: 'stacks', label: 'Stacks' },
  { view: 'folders', label: 'Folders' },
  { view: 'developer', label: 'Developer' }
]

export const AppShell = () => {
  const view = useAppStore((state) => state.view)
  const setView = useAppStore((state) => state.setView)
  const hasDetail = useAppStore((state) => state.detail !== null)

  useEffect(() => {
    const { loadImages, loadStacks, loadCatalog } = useAppStore.getState()
    void loadImages()
    void loadStacks()
    void loadCatalog()
  }, [])

  useEffect(() => useAppStore.getState().followHealth(), [])

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Darkroom</span>
        <nav aria-label="Sections" className="tabs">
          {VIEWS.map((item) => (
            <button
              key={item.view}
              type="button"
              className="tab"
              aria-current={view === item.view ? 'page' : undefined}
              data-testid={`nav-${item.view}`}
              onClick={() => setView(item.view)}
            >
              {item.label}
            </button>
          ))}
        </nav>
        <div className="topbar-end">
          <UploadButtons />
          <OrgSwitcher />
        </div>
      </header>
      <StoreHealthBanner />
      <main className="content">
        {view === 'library' && <LibraryView />}
        {view === 'stacks' && <StacksView />}
        {view === 'folders' && <FoldersView />}
        {view === 'developer' && <DeveloperPanel />}
      </main>
      <UploadPanel />
      {hasDetail && <ImageView />}
      <DropTarget />
      <Toasts />
    </div>
  )
}
