import { ipcMain } from 'electron'
import { INVOKE_CHANNELS, type InvokeChannel } from '../../src-shared/ipc/contract'
import { dispatchInvoke, type InvokeHandlers } from './ipc-dispatch'

/**
 * Registers every channel of the contract with `ipcMain.handle`. Each message is checked
 * (sender frame, payload) by {@link dispatchInvoke} before its handler runs.
 */
export const registerIpc = (origin: string, handlers: InvokeHandlers): (() => void) => {
  const register = <C extends InvokeChannel>(channel: C) =>
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      dispatchInvoke(
        { channel, senderUrl: event.senderFrame?.url, args },
        origin,
        handlers,
        (error) => console.error(`Darkroom: ${channel} failed`, error)
      )
    )
  for (const channel of INVOKE_CHANNELS) register(channel)
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
  }
}
