import type { SessionInfo } from '../api/types'

const KEY = 'darkroom.session'

/** Seconds since the epoch at which the JWT expires, or null when it names no expiry. */
export const jwtExpiry = (jwt: string): number | null => {
  const part = jwt.split('.')[1]
  if (part === undefined) return null
  try {
    const payload = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: unknown
    }
    return typeof payload.exp === 'number' ? payload.exp : null
  } catch {
    return null
  }
}

const isSession = (value: unknown): value is SessionInfo => {
  if (typeof value !== 'object' || value === null) return false
  const fields = value as Record<string, unknown>
  return ['token', 'organization', 'apiUrl', 'renderBaseUrl'].every(
    (key) => typeof fields[key] === 'string'
  )
}

/**
 * The studio's session kept in the tab's sessionStorage, so a reload stays signed in although
 * the one-time link is spent. It lives as long as the tab and never past the JWT's expiry.
 */
export interface SavedSession {
  load(): SessionInfo | null
  save(session: SessionInfo): void
  forget(): void
}

export const createSavedSession = (
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
  now: () => number = () => Date.now() / 1000
): SavedSession => {
  const forget = () => storage.removeItem(KEY)
  return {
    load: () => {
      let parsed: unknown
      try {
        parsed = JSON.parse(storage.getItem(KEY) ?? 'null') as unknown
      } catch {
        parsed = null
      }
      const expiry = isSession(parsed) ? jwtExpiry(parsed.token) : null
      if (!isSession(parsed) || expiry === null || expiry <= now()) {
        forget()
        return null
      }
      return parsed
    },
    save: (session) => storage.setItem(KEY, JSON.stringify(session)),
    forget
  }
}

/** sessionStorage of this tab; a store that keeps nothing where the browser refuses it. */
export const tabSavedSession = (): SavedSession => {
  try {
    return createSavedSession(window.sessionStorage)
  } catch {
    return { load: () => null, save: () => undefined, forget: () => undefined }
  }
}
