import { shell, type App, type Session } from 'electron'
import { isAllowedNavigation, isPermissionGranted, isSafeExternalUrl } from './security'

/**
 * For every web contents the app ever creates: navigation only within the studio, no new
 * windows (safe http(s) links go to the system browser), no `<webview>`.
 */
export const installContentGuards = (app: App, origin: string): void => {
  app.on('web-contents-created', (_event, contents) => {
    const guard = (event: { preventDefault: () => void }, url: string) => {
      if (!isAllowedNavigation(url, origin)) event.preventDefault()
    }
    contents.on('will-navigate', guard)
    contents.on('will-frame-navigate', (event) => guard(event, event.url))
    contents.on('will-redirect', guard)
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
}

/** Denies every permission request and check except the few the studio needs (see security.ts). */
export const installSessionGuards = (session: Session, origin: string): void => {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, origin))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, origin)
  )
  session.setDevicePermissionHandler(() => false)
}
