import type { App } from 'electron'

/**
 * One Darkroom per user: the first launch holds the lock and hears of later ones through
 * `onSecondLaunch`; a later launch gets false and must quit before it touches the library.
 */
export const claimSingleInstance = (app: App, onSecondLaunch: () => void): boolean => {
  if (!app.requestSingleInstanceLock()) return false
  app.on('second-instance', onSecondLaunch)
  return true
}
