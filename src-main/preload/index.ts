import { contextBridge, ipcRenderer } from 'electron'
import {
  DESKTOP_BRIDGE_KEY,
  isInvokeChannel,
  type DesktopBridge
} from '../../src-shared/ipc/contract'
import { failed } from '../../src-shared/result'

const unknownChannel = (channel: unknown) => {
  const message = `Unknown desktop channel ${String(channel)}.`
  return failed({ code: 400, reason: 'bad_request', message, error: { code: 400, message } })
}

// Only the contract's channels pass, so the page cannot reach any other ipcMain listener.
const bridge: DesktopBridge = {
  invoke: (channel, ...args) =>
    isInvokeChannel(channel)
      ? ipcRenderer.invoke(channel, ...args)
      : Promise.resolve(unknownChannel(channel))
}

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, bridge)
