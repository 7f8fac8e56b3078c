import { chromium, test as base, type Browser, type Page } from '@playwright/test'
import { Studio } from './pages/studio'
import {
  CHROMIUM_ARGS,
  chromiumPath,
  electronBinary,
  electronSkipReason
} from './support/environment'
import { ensureDesktopBuilt } from './support/builds'
import { launchElectron, launchWeb, type Launched } from './support/launch'
import { loadPhotos, type Photos } from './support/photos'
import type { StudioServer } from './support/studio-server'

export { expect } from '@playwright/test'
export { Studio, SCREENSHOTS_DIR } from './pages/studio'
export type { StudioServer } from './support/studio-server'
export type { Photos } from './support/photos'
export { dimensionsOf, fetchImage, imgSnippetUrls, pixelDistance } from './support/images'
export type { FetchedImage } from './support/images'
export { waitUntilSignedIn } from './support/launch'

/** Where the studio runs: Chromium on the headless server, or the desktop app's window. */
export type StudioMode = 'web' | 'electron'

interface WorkerFixtures {
  /** Set per Playwright project (see playwright.config.ts). */
  studioMode: StudioMode
  /** Chromium for web mode (null in desktop mode). */
  studioBrowser: Browser | null
  /** Electron's binary, with the app built (null in web mode). */
  desktopApp: string | null
  /** The photographs from scripts/fetch-photos.mjs. */
  photos: Photos
}

interface TestFixtures {
  launched: Launched
  /** The Darkroom behind the studio: a fresh, empty library for each test. */
  server: StudioServer
  /** The studio page, signed in through its one-time link, showing the empty library. */
  studioPage: Page
  /** Page objects over `studioPage`. */
  studio: Studio
  /** Reads the system clipboard (what a Copy button put there). */
  readClipboard: () => Promise<string>
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  studioMode: ['web', { option: true, scope: 'worker' }],

  studioBrowser: [
    async ({ studioMode }, use) => {
      if (studioMode !== 'web') return use(null)
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: CHROMIUM_ARGS,
        headless: true
      })
      await use(browser)
      await browser.close()
    },
    { scope: 'worker' }
  ],

  desktopApp: [
    async ({ studioMode }, use) => {
      if (studioMode !== 'electron') return use(null)
      if (electronSkipReason() !== null) return use(null)
      ensureDesktopBuilt()
      await use(electronBinary())
    },
    { scope: 'worker', timeout: 300_000 }
  ],

  photos: [async ({}, use) => use(loadPhotos()), { scope: 'worker' }],

  launched: async ({ studioMode, studioBrowser, desktopApp }, use, testInfo) => {
    let launched: Launched
    if (studioMode === 'electron') {
      test.skip(desktopApp === null, electronSkipReason() ?? '')
      launched = await launchElectron(desktopApp ?? '')
    } else {
      if (studioBrowser === null) throw new Error('web mode without a browser')
      launched = await launchWeb(studioBrowser)
    }
    await use(launched)
    if (testInfo.status !== testInfo.expectedStatus) {
      const path = testInfo.outputPath('studio.png')
      const shot = await launched.page.screenshot({ path }).catch(() => null)
      if (shot !== null) await testInfo.attach('studio', { path, contentType: 'image/png' })
      await testInfo.attach('server output', {
        body: launched.server.output(),
        contentType: 'text/plain'
      })
    }
    await launched.close()
  },

  server: async ({ launched }, use) => use(launched.server),
  studioPage: async ({ launched }, use) => use(launched.page),
  studio: async ({ launched }, use) => use(new Studio(launched.page)),
  readClipboard: async ({ launched }, use) => use(() => launched.readClipboard())
})
