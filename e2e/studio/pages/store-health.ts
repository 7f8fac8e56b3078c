import { expect, type Locator, type Page } from '@playwright/test'

/** The banners above the views while the store is degraded or holds damaged originals. */
export class StoreHealthPage {
  readonly storeBanner: Locator
  readonly renderCacheBanner: Locator
  readonly damageBanner: Locator
  readonly damagedImages: Locator

  constructor(private readonly page: Page) {
    this.storeBanner = page.getByTestId('store-banner')
    this.renderCacheBanner = page.getByTestId('render-cache-banner')
    this.damageBanner = page.getByTestId('damage-banner')
    this.damagedImages = this.damageBanner.getByTestId('damaged-image')
  }

  /**
   * Tells the page it has just come back into view, as switching back to its tab or window does:
   * the studio then asks about the store at once instead of at its next poll.
   */
  async comeBackIntoView(): Promise<void> {
    await this.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
  }

  /** Opens the list behind "Show which" and returns the names in it. */
  async damagedNames(): Promise<string[]> {
    const summary = this.damageBanner.getByText('Show which')
    if (!(await this.damagedImages.first().isVisible())) await summary.click()
    await expect(this.damagedImages.first()).toBeVisible()
    return this.damagedImages.locator('.damaged-name').allTextContents()
  }

  /** The row of the damaged image called `name`. */
  damagedImage(name: string): Locator {
    return this.damagedImages.filter({ hasText: name })
  }

  /** Opens the image view of a listed damaged image. */
  async open(name: string): Promise<void> {
    await this.damagedImage(name).getByRole('button', { name: 'Open' }).click()
  }
}
