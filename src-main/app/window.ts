import { BrowserWindow } from 'electron'
import { secureWebPreferences } from './security'

/** Opens the studio window on `url` (the studio link with its one-time token). */
export const createStudioWindow = (url: string, preloadPath: string): BrowserWindow => {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 800,
    minHeight: 560,
    title: 'Darkroom',
    show: false,
    backgroundColor: '#1b1b1d',
    webPreferences: secureWebPreferences(preloadPath)
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}

/** Brings `window` to the front, restoring it if minimised. */
export const focusWindow = (window: BrowserWindow): void => {
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}
