import { expect, type Locator, type Page } from '@playwright/test'

/** The Folders view: the add form and one card per watched folder. */
export class FoldersPage {
  readonly view: Locator
  readonly pathInput: Locator
  readonly addButton: Locator
  readonly cards: Locator

  constructor(private readonly page: Page) {
    this.view = page.getByTestId('folders-view')
    this.pathInput = page.getByTestId('folder-path')
    this.addButton = page.getByTestId('folder-add')
    this.cards = page.getByTestId('folder-card')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-folders').click()
    await expect(this.view).toBeVisible()
    await expect(this.page.getByTestId('folders-live')).toHaveText('Live')
  }

  /** Types `path` (web mode has no folder picker) and adds it with the default settings. */
  async addByPath(path: string): Promise<void> {
    await this.pathInput.fill(path)
    await this.addButton.click()
    await expect(this.card(path)).toBeVisible()
  }

  card(path: string): Locator {
    return this.cards.filter({ has: this.page.getByRole('heading', { name: path, exact: true }) })
  }

  count(path: string, name: 'imported' | 'known' | 'skipped' | 'failed' | 'pending'): Locator {
    return this.card(path).getByTestId(`count-${name}`)
  }

  state(path: string): Locator {
    return this.card(path).getByTestId('folder-state')
  }

  thumbnails(path: string): Locator {
    return this.card(path).getByTestId('activity-thumb')
  }
}
