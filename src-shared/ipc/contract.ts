import type { Result } from '../result'

/** What the desktop window learns from `server:get-info` about the engine it runs on. */
export interface ServerInfo {
  /** Base of the rokka API, e.g. `http://127.0.0.1:41234`. */
  apiUrl: string
  /** Base of render URLs of `organization`. */
  renderBaseUrl: string
  organization: string
  /** Darkroom's version. */
  version: string
  /** The folder holding the library (Electron's userData folder). */
  dataDir: string
}

/**
 * Every renderer → main call: channel → request and response. Only what HTTP cannot do goes
 * here (native dialogs, app facts); everything else is the rokka API. `void` means no argument.
 */
export interface InvokeMap {
  'server:get-info': { req: void; res: ServerInfo }
  /** Native open dialog for images; the chosen paths, empty when cancelled. */
  'dialog:pick-images': { req: void; res: string[] }
  /** Native folder dialog; the chosen folder, null when cancelled. */
  'dialog:pick-folder': { req: void; res: string | null }
}

export type InvokeChannel = keyof InvokeMap

/** The arguments after the channel: none for `void` requests, else exactly the request. */
export type InvokeArgs<C extends InvokeChannel> = InvokeMap[C]['req'] extends void
  ? []
  : [req: InvokeMap[C]['req']]

/** Every channel, for the preload's allow-list and main's registration. */
export const INVOKE_CHANNELS = [
  'server:get-info',
  'dialog:pick-images',
  'dialog:pick-folder'
] as const satisfies readonly InvokeChannel[]

// Fails to compile when a channel of InvokeMap is missing from INVOKE_CHANNELS.
const everyChannelListed: Exclude<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never
  ? true
  : never = true
void everyChannelListed

/** True for the names of {@link InvokeMap}'s channels. */
export const isInvokeChannel = (value: unknown): value is InvokeChannel =>
  typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value)

/**
 * What the preload exposes as `window.desktop` in the desktop app. In a browser (web mode) it is
 * absent, and the studio uses the browser's equivalents (file inputs, no folder picking).
 */
export interface DesktopBridge {
  invoke<C extends InvokeChannel>(
    channel: C,
    ...args: InvokeArgs<C>
  ): Promise<Result<InvokeMap[C]['res']>>
}

/** The global name of the {@link DesktopBridge}: `window.desktop`. */
export const DESKTOP_BRIDGE_KEY = 'desktop'
