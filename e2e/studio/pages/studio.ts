import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import sharp from 'sharp'
import { ROOT } from '../support/environment'
import { changedShare } from '../support/images'
import { DeveloperPage } from './developer'
import { ImageViewPage } from './image-view'
import { LibraryPage } from './library'
import { StackEditorPage } from './stack-editor'
import { StoreHealthPage } from './store-health'
import { UploadsPage } from './uploads'

export const SCREENSHOTS_DIR = join(ROOT, 'docs/screenshots')
const SCREENSHOT_WIDTH = 1200
/** Share of changed pixels below which a new screenshot is the same picture as the kept one. */
const SAME_LOOK = 0.01

/** The studio as a person sees it, one page object per part. */
export class Studio {
  readonly library: LibraryPage
  readonly uploads: UploadsPage
  readonly image: ImageViewPage
  readonly stacks: StackEditorPage
  readonly developer: DeveloperPage
  readonly health: StoreHealthPage

  constructor(readonly page: Page) {
    this.library = new LibraryPage(page)
    this.uploads = new UploadsPage(page)
    this.image = new ImageViewPage(page)
    this.stacks = new StackEditorPage(page)
    this.developer = new DeveloperPage(page)
    this.health = new StoreHealthPage(page)
  }

  /** A notification on screen that says `text`. */
  toast(text: string): Locator {
    return this.page.getByTestId('toast').filter({ hasText: text })
  }

  /** Dismisses the notification that says `text`. */
  async dismissToast(text: string): Promise<void> {
    await this.toast(text).getByRole('button', { name: 'Dismiss' }).click()
    await expect(this.toast(text)).toHaveCount(0)
  }

  /** The page shown instead of the studio while there is no session, with its message. */
  splashMessage(): Locator {
    return this.page.getByTestId('session-status').getByRole('alert')
  }

  /** Opens the image view of the image called `name` from the library grid. */
  async openImage(name: string): Promise<void> {
    await this.library.card(name).click()
    await this.image.expectOpen(name)
  }

  /** Closes the notifications ("Saved stack …") with their Dismiss buttons, dialogs open or not. */
  async dismissToasts(): Promise<void> {
    const toasts = this.page.getByTestId('toast')
    while ((await toasts.count()) > 0) {
      await toasts.first().getByRole('button', { name: 'Dismiss' }).click()
    }
    await expect(toasts).toHaveCount(0)
  }

  /**
   * Writes docs/screenshots/<name>.png for the README: the window scaled to 1200 px wide with a
   * 256-colour palette, which keeps photographs recognisable at a fraction of the bytes.
   */
  async screenshot(name: string): Promise<string> {
    await mkdir(SCREENSHOTS_DIR, { recursive: true })
    const path = join(SCREENSHOTS_DIR, `${name}.png`)
    await this.dismissToasts()
    const shot = await this.page.screenshot({ animations: 'disabled', caret: 'hide' })
    const png = await sharp(shot)
      .resize({ width: SCREENSHOT_WIDTH, withoutEnlargement: true })
      .png({ palette: true, quality: 90, compressionLevel: 9, effort: 8 })
      .toBuffer()
    // dates, ports and such change every run; only a changed look is worth a new file
    const kept = await readFile(path).catch(() => null)
    const force = process.env.DARKROOM_SCREENSHOTS === 'update'
    if (force || kept === null || (await changedShare(kept, png)) > SAME_LOOK) {
      await writeFile(path, png)
    }
    return path
  }
}
