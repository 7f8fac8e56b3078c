import type { WebPreferences } from 'electron'
import { STUDIO_PATH } from '../studio/studio-url'

/**
 * The only webPreferences a Darkroom window gets (Electron's security checklist): the page runs
 * sandboxed, isolated from the preload, without Node, with web security and no webviews.
 */
export const secureWebPreferences = (preloadPath: string): WebPreferences => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false
})

const parse = (url: string): URL | null => {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** True only for pages of the studio itself: same origin, below `/studio/`. */
export const isAllowedNavigation = (url: string, origin: string): boolean => {
  const parsed = parse(url)
  return parsed !== null && parsed.origin === origin && parsed.pathname.startsWith(STUDIO_PATH)
}

/** IPC is answered only for the studio's own frames (not a frame it was navigated away to). */
export const isAllowedSender = (frameUrl: string | undefined, origin: string): boolean =>
  frameUrl !== undefined && isAllowedNavigation(frameUrl, origin)

const MAX_EXTERNAL_URL_LENGTH = 8192

/**
 * Links the studio may hand to the system browser: http(s) only (never `file:`, `smb:` or app
 * schemes that launch programs), without embedded credentials, of sane length.
 */
export const isSafeExternalUrl = (url: string): boolean => {
  if (url.length > MAX_EXTERNAL_URL_LENGTH) return false
  const parsed = parse(url)
  return (
    parsed !== null &&
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.hostname !== ''
  )
}

/**
 * The permissions the studio may use. All others (camera, notifications, geolocation, USB, …)
 * are denied. Writing the clipboard is kept so "copy render URL" works; reading it is not.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

/** Whether a permission request (or check) from `requestingUrl` is granted. */
export const isPermissionGranted = (
  permission: string,
  requestingUrl: string | undefined,
  origin: string
): boolean =>
  GRANTED_PERMISSIONS.has(permission) &&
  requestingUrl !== undefined &&
  parse(requestingUrl)?.origin === origin
