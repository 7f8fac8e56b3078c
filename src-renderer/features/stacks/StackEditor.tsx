import { useState } from 'react'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { ErrorText } from '../../components/ErrorText'
import { useAppStore } from '../../store'
import type { StackDraft } from '../../store/draft'
import { OperationList } from './OperationList'
import { Preview } from './Preview'
import { StackOptionsForm } from './StackOptionsForm'
import { usePreviewUrl } from './usePreviewUrl'

export const StackEditor = ({ draft }: { draft: StackDraft }) => {
  const dirty = useAppStore((state) => state.draftDirty)
  const error = useAppStore((state) => state.editorError)
  const save = useAppStore((state) => state.saveDraft)
  const urls = usePreviewUrl()
  const [confirming, setConfirming] = useState(false)
  const errors = urls.compiled?.errors ?? {}
  const problems = Object.keys(errors).length

  return (
    <div className="stack-editor" data-testid="stack-editor">
      <div className="stack-editor-form">
        <header className="editor-head">
          <h2>
            {draft.name} {draft.isNew && <small className="badge">new</small>}
            {dirty && <small className="badge">unsaved</small>}
          </h2>
          <button
            type="button"
            className="primary"
            disabled={problems > 0}
            onClick={() => (draft.isNew ? void save() : setConfirming(true))}
            data-testid="stack-save"
          >
            Save
          </button>
        </header>
        {problems > 0 && (
          <p className="field-error" data-testid="stack-invalid">
            {problems} value(s) need fixing before saving.
          </p>
        )}
        <ErrorText error={error} testId="stack-error" />
        <OperationList draft={draft} errors={errors} />
        <StackOptionsForm draft={draft} errors={errors} />
        {draft.expressions.length > 0 && (
          <p className="hint">
            This stack has {draft.expressions.length} stack expression(s); they are kept on save but
            the live preview cannot show them.
          </p>
        )}
      </div>
      <Preview urls={urls} />
      {confirming && (
        <ConfirmDialog
          title={`Overwrite stack ${draft.name}?`}
          confirmLabel="Overwrite"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            void save()
          }}
        >
          <p>
            New renders through <code>{draft.name}</code> will use these operations. Renders that
            were already delivered stay cached — in browsers and any CDN for up to a year — and keep
            the old look. To show the change everywhere, change the render URLs (for example add a
            version such as <code>/v2/</code>) or give the new look its own stack name.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}
