import { rm } from 'node:fs/promises'
import { _electron, type Browser, type Page } from '@playwright/test'
import { newDataDir, startHeadlessServer } from '../../support/headless-server'
import { ROOT } from './environment'
import { studioServer, type StudioServer } from './studio-server'

/** A studio open on a fresh library, and how to shut both down. */
export interface Launched {
  page: Page
  server: StudioServer
  /** The text on the system clipboard, as a paste elsewhere would get it. */
  readClipboard(): Promise<string>
  close(): Promise<void>
}

const STUDIO_LINK = /Darkroom studio: (http:\/\/127\.0\.0\.1:\d+\/studio\/#token=\S+)/

/** Waits until the studio has traded its link for a session and shows the library. */
export const waitUntilSignedIn = async (page: Page): Promise<void> => {
  await page.getByTestId('nav-library').waitFor({ state: 'visible', timeout: 30_000 })
}

/** Web mode: the headless server on a temp library, the studio in Chromium via its one-time link. */
export const launchWeb = async (browser: Browser): Promise<Launched> => {
  const running = await startHeadlessServer()
  const link = STUDIO_LINK.exec(running.output())?.[1]
  if (link === undefined) {
    await running.stop()
    throw new Error(`the server printed no studio link:\n${running.output()}`)
  }
  const context = await browser.newContext({
    viewport: { width: 1360, height: 880 },
    permissions: ['clipboard-read', 'clipboard-write']
  })
  const page = await context.newPage()
  await page.goto(link)
  await waitUntilSignedIn(page)
  return {
    page,
    server: await studioServer(running.url, running.dataDir, running.output),
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    close: async () => {
      await context.close()
      await running.stop()
      await rm(running.dataDir, { recursive: true, force: true })
    }
  }
}

/** Desktop mode: the built app with its userData in a temp folder; its window opens signed in. */
export const launchElectron = async (executablePath: string): Promise<Launched> => {
  const userData = await newDataDir()
  const { ELECTRON_RUN_AS_NODE: _asNode, ...env } = process.env
  const app = await _electron.launch({
    executablePath,
    args: ['.'],
    cwd: ROOT,
    env: { ...env, DARKROOM_USER_DATA: userData } as Record<string, string>
  })
  const page = await app.firstWindow()
  await waitUntilSignedIn(page)
  const url = new URL(page.url()).origin
  return {
    page,
    server: await studioServer(url, userData, () => ''),
    readClipboard: () => app.evaluate(({ clipboard }) => clipboard.readText()),
    close: async () => {
      await app.close()
      await rm(userData, { recursive: true, force: true })
    }
  }
}
