import { useEffect, useRef } from 'react'
import { useAppStore } from '../store'

const LIFETIME_MS = 6000

export const Toasts = () => {
  const toasts = useAppStore((state) => state.toasts)
  const dismiss = useAppStore((state) => state.dismissToast)
  const layer = useRef<HTMLDivElement>(null)

  // a popover re-shown after each change stays above any open modal dialog (both top layer)
  useEffect(() => {
    const element = layer.current
    if (element === null) return
    if (element.matches(':popover-open')) element.hidePopover()
    if (toasts.length > 0) element.showPopover()
  }, [toasts])

  useEffect(() => {
    const oldest = toasts[0]
    if (oldest === undefined) return
    const timer = setTimeout(() => dismiss(oldest.id), LIFETIME_MS)
    return () => clearTimeout(timer)
  }, [toasts, dismiss])

  return (
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
}
