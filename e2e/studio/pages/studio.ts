import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { ROOT } from '../support/environment'
import { DeveloperPage } from './developer'
import { ImageViewPage } from './image-view'
import { LibraryPage } from './library'
import { StackEditorPage } from './stack-editor'
import { UploadsPage } from './uploads'

export const SCREENSHOTS_DIR = join(ROOT, 'docs/screenshots')

/** The studio as a person sees it, one page object per part. */
export class Studio {
  readonly library: LibraryPage
  readonly uploads: UploadsPage
  readonly image: ImageViewPage
  readonly stacks: StackEditorPage
  readonly developer: DeveloperPage

  constructor(readonly page: Page) {
    this.library = new LibraryPage(page)
    this.uploads = new UploadsPage(page)
    this.image = new ImageViewPage(page)
    this.stacks = new StackEditorPage(page)
    this.developer = new DeveloperPage(page)
  }

  /** Opens the image view of the image called `name` from the library grid. */
  async openImage(name: string): Promise<void> {
    await this.library.card(name).click()
    await this.image.expectOpen(name)
  }

  /** Writes docs/screenshots/<name>.png (the README shows them). */
  async screenshot(name: string): Promise<string> {
    await mkdir(SCREENSHOTS_DIR, { recursive: true })
    const path = join(SCREENSHOTS_DIR, `${name}.png`)
    await this.page.screenshot({ path, animations: 'disabled', caret: 'hide' })
    return path
  }
}
