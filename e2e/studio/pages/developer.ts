import { expect, type Locator, type Page } from '@playwright/test'

/** The developer panel: endpoints, API keys and copyable snippets. */
export class DeveloperPage {
  readonly srcset: Locator

  constructor(private readonly page: Page) {
    this.srcset = page.getByTestId('snippet-srcset')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-developer').click()
    await expect(this.srcset).toBeVisible()
  }

  /** Clicks Copy beside the `<img srcset>` snippet; the button says whether it worked. */
  async copySrcset(): Promise<void> {
    await this.page.getByTestId('snippet-srcset-copy').click()
    await expect(this.page.getByTestId('snippet-srcset-copy')).toHaveText('Copied')
  }
}
