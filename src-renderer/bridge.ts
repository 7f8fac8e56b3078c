import { DESKTOP_BRIDGE_KEY, type DesktopBridge } from '@shared/ipc/contract'

/**
 * The only file that reads `window.desktop` (set by Electron's preload). Everything here is an
 * optional extra: in a browser it is absent and callers fall back to web equivalents.
 */
const isBridge = (value: unknown): value is DesktopBridge =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { invoke?: unknown }).invoke === 'function'

/** The desktop bridge, or null in a plain browser. */
export const desktopBridge = (): DesktopBridge | null => {
  const candidate = (globalThis as Record<string, unknown>)[DESKTOP_BRIDGE_KEY]
  return isBridge(candidate) ? candidate : null
}

export const isDesktop = (): boolean => desktopBridge() !== null

/** The desktop app's version, or null in a browser or when main refuses. */
export const desktopVersion = async (): Promise<string | null> => {
  const bridge = desktopBridge()
  if (bridge === null) return null
  const result = await bridge.invoke('server:get-info')
  return result.ok ? result.value.version : null
}
