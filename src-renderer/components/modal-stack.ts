/**
 * The modal dialogs open right now, innermost last. While one is open the rest of the page is
 * inert (no clicks, hidden from assistive technology), so whatever must stay usable above it,
 * such as notifications, is rendered inside the innermost one.
 */
const open: HTMLDialogElement[] = []
const listeners = new Set<() => void>()

const changed = () => {
  for (const listener of listeners) listener()
}

export const modalStack = {
  push(dialog: HTMLDialogElement): void {
    open.push(dialog)
    changed()
  },
  remove(dialog: HTMLDialogElement): void {
    const index = open.indexOf(dialog)
    if (index < 0) return
    open.splice(index, 1)
    changed()
  },
  /** The innermost open modal dialog, or null. */
  top(): HTMLDialogElement | null {
    return open.at(-1) ?? null
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
}
