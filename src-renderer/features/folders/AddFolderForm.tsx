import { useState } from 'react'
import { useAppStore } from '../../store'
import { draftToRequest, emptyDraft, type FolderDraft } from './folder-form'
import { folderPicker } from './pick-folder'

export const AddFolderForm = () => {
  const org = useAppStore((state) => state.org)
  const memberships = useAppStore((state) => state.memberships)
  const addFolder = useAppStore((state) => state.addFolder)
  const [draft, setDraft] = useState<FolderDraft>(() => emptyDraft(org))
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const pick = folderPicker()
  const orgs = [...new Set([org, ...memberships.map((m) => m.organization)])]
  const edit = (patch: Partial<FolderDraft>) => setDraft((current) => ({ ...current, ...patch }))

  const submit = async () => {
    const request = draftToRequest(draft)
    if ('error' in request) return setProblem(request.error)
    setProblem(null)
    setBusy(true)
    const added = await addFolder(request.value)
    setBusy(false)
    if (added) setDraft(emptyDraft(draft.organization))
  }

  return (
    <form
      className="panel-section folder-form"
      aria-labelledby="add-folder-title"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <h3 id="add-folder-title">Watch a folder</h3>
      <p className="hint">
        Images saved into the folder are imported by themselves, once each; copies and renames
        upload nothing again.
      </p>
      <div className="folder-path-row">
        <label className="stacked folder-path">
          Folder
          <input
            value={draft.path}
            onChange={(e) => edit({ path: e.target.value })}
            placeholder={pick ? 'Choose a folder…' : '/Users/me/Exports'}
            spellCheck={false}
            data-testid="folder-path"
          />
        </label>
        {pick && (
          <button
            type="button"
            onClick={() => void pick().then((path) => path !== null && edit({ path }))}
            data-testid="folder-pick"
          >
            Choose…
          </button>
        )}
      </div>
      <div className="folder-options">
        <label className="stacked">
          Organization
          <select
            value={draft.organization}
            onChange={(e) => edit({ organization: e.target.value })}
            data-testid="folder-org"
          >
            {orgs.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.recursive}
            onChange={(e) => edit({ recursive: e.target.checked })}
            data-testid="folder-recursive"
          />
          Include subfolders
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.trashOnDelete}
            onChange={(e) => edit({ trashOnDelete: e.target.checked })}
            data-testid="folder-trash"
          />
          Deleting a file moves its image to the trash
        </label>
      </div>
      <details className="folder-advanced">
        <summary>Patterns and metadata</summary>
        <label className="stacked">
          Import files matching (one pattern per line)
          <textarea
            rows={2}
            value={draft.include}
            onChange={(e) => edit({ include: e.target.value })}
            spellCheck={false}
            data-testid="folder-include"
          />
        </label>
        <label className="stacked">
          Leave out files matching
          <textarea
            rows={2}
            value={draft.exclude}
            onChange={(e) => edit({ exclude: e.target.value })}
            placeholder="drafts/**"
            spellCheck={false}
            data-testid="folder-exclude"
          />
        </label>
        <label className="stacked">
          Metadata for every image (field: value per line)
          <textarea
            rows={2}
            value={draft.metadata}
            onChange={(e) => edit({ metadata: e.target.value })}
            placeholder="project: spring-campaign"
            spellCheck={false}
            data-testid="folder-metadata"
          />
        </label>
      </details>
      {problem !== null && (
        <p role="alert" className="error" data-testid="folder-form-error">
          {problem}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid="folder-add">
          Watch folder
        </button>
      </div>
    </form>
  )
}
