import type { ReactNode } from 'react'
import { Modal } from './Modal'

interface Props {
  title: string
  children: ReactNode
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
  danger?: boolean
}

export const ConfirmDialog = ({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  danger
}: Props) => (
  <Modal title={title} onClose={onCancel} testId="confirm-dialog">
    <div className="modal-body">{children}</div>
    <footer className="modal-actions">
      <button type="button" onClick={onCancel} data-testid="confirm-cancel">
        Cancel
      </button>
      <button
        type="button"
        className={danger ? 'danger' : 'primary'}
        onClick={onConfirm}
        data-testid="confirm-ok"
        autoFocus
      >
        {confirmLabel}
      </button>
    </footer>
  </Modal>
)
