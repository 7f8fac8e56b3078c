import { useState } from 'react'
import { Modal } from './Modal'

interface Props {
  title: string
  label: string
  initial: string
  submitLabel: string
  onSubmit: (name: string) => void
  onCancel: () => void
}

const STACK_NAME = /^[a-z0-9_-]+$/i

/** Asks for a stack name; rokka allows letters, digits, - and _ (and no leading _ or "dynamic"). */
export const NameDialog = ({ title, label, initial, submitLabel, onSubmit, onCancel }: Props) => {
  const [name, setName] = useState(initial)
  const trimmed = name.trim()
  const error =
    trimmed === ''
      ? 'A name is needed.'
      : !STACK_NAME.test(trimmed) || trimmed.startsWith('_') || trimmed === 'dynamic'
        ? 'Use letters, digits, - and _; not "dynamic", not starting with _.'
        : undefined
  return (
    <Modal title={title} onClose={onCancel} testId="name-dialog">
      <form
        className="modal-body"
        onSubmit={(event) => {
          event.preventDefault()
          if (error === undefined) onSubmit(trimmed)
        }}
      >
        <label className="stacked">
          {label}
          <input
            autoFocus
            value={name}
            aria-invalid={error !== undefined}
            onChange={(event) => setName(event.target.value)}
            data-testid="name-dialog-input"
          />
        </label>
        {error !== undefined && trimmed !== '' && <p className="field-error">{error}</p>}
        <footer className="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={error !== undefined}
            data-testid="name-dialog-submit"
          >
            {submitLabel}
          </button>
        </footer>
      </form>
    </Modal>
  )
}
