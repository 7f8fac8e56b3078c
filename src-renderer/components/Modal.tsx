import { useEffect, useRef, type ReactNode } from 'react'
import { modalStack } from './modal-stack'

interface Props {
  title: string
  onClose: () => void
  children: ReactNode
  testId: string
  wide?: boolean
}

/** A modal `<dialog>`: focus is trapped by the browser and Escape closes it. */
export const Modal = ({ title, onClose, children, testId, wide = false }: Props) => {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    if (!dialog.open) dialog.showModal()
    modalStack.push(dialog)
    return () => {
      modalStack.remove(dialog)
      dialog.close()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-label={title}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      <header className="modal-head">
        <h2>{title}</h2>
        <button type="button" aria-label="Close" onClick={onClose} data-testid={`${testId}-close`}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  )
}
