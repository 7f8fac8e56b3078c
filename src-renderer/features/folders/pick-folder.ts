import { desktopBridge } from '../../bridge'

/** The desktop app's native folder dialog; null in a browser (type the path there). */
export const folderPicker = (): (() => Promise<string | null>) | null => {
  const bridge = desktopBridge()
  if (bridge === null) return null
  return async () => {
    const result = await bridge.invoke('dialog:pick-folder')
    return result.ok ? result.value : null
  }
}
