/** Whether the studio is on screen, and word when it comes back (a tab shown, a window restored). */
export interface PageVisibility {
  isHidden(): boolean
  /** Calls `listener` each time the page becomes visible; returns the function that stops it. */
  onShown(listener: () => void): () => void
}

/** The browser's Page Visibility API: the same in the desktop window and in web mode. */
export const documentVisibility = (doc: Document = document): PageVisibility => ({
  isHidden: () => doc.visibilityState === 'hidden',
  onShown: (listener) => {
    const handle = () => {
      if (doc.visibilityState === 'visible') listener()
    }
    doc.addEventListener('visibilitychange', handle)
    return () => doc.removeEventListener('visibilitychange', handle)
  }
})

/** For places with no page (tests of the store without a browser): always visible. */
export const alwaysVisible: PageVisibility = {
  isHidden: () => false,
  onShown: () => () => undefined
}
