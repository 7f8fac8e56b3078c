import { useEffect, useRef, useSyncExternalStore } from 'react'
import { createPortal } from 'react-dom'
import { useAppStore } from '../store'
import { modalStack } from './modal-stack'

const LIFETIME_MS = 6000

export const Toasts = () => {
  const toasts = useAppStore((state) => state.toasts)
  const dismiss = useAppStore((state) => state.dismissToast)
  const layer = useRef<HTMLDivElement>(null)
  // inside the open modal dialog, if any: outside it the toasts would be inert, unclickable
  // and hidden from screen readers
  const host = useSyncExternalStore(modalStack.subscribe, modalStack.top)

  // a popover re-shown after each change stays above any open modal dialog (both top layer)
  useEffect(() => {
    const element = layer.current
    // a dialog closing takes the layer out of the page before the host moves back to the body
    if (element === null || !element.isConnected) return
    if (element.matches(':popover-open')) element.hidePopover()
    if (toasts.length > 0) element.showPopover()
  }, [toasts, host])

  useEffect(() => {
    const oldest = toasts[0]
    if (oldest === undefined) return
    const timer = setTimeout(() => dismiss(oldest.id), LIFETIME_MS)
    return () => clearTimeout(timer)
  }, [toasts, dismiss])

  const layerElement = (
    <div ref={layer} className="toasts" popover="manual" aria-live="polite">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          data-testid="toast"
        >
          <span>{toast.message}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
  return host === null ? layerElement : createPortal(layerElement, host)
}
