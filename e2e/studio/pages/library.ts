import { expect, type Locator, type Page } from '@playwright/test'

/** The library: grid, search box, trash. */
export class LibraryPage {
  readonly grid: Locator
  readonly cards: Locator
  readonly total: Locator
  readonly searchBox: Locator
  readonly trashToggle: Locator

  constructor(private readonly page: Page) {
    this.grid = page.getByTestId('image-grid')
    this.cards = this.grid.getByTestId('image-card')
    this.total = page.getByTestId('library-total')
    this.searchBox = page.getByTestId('library-search')
    this.trashToggle = page.getByTestId('library-trash')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-library').click()
    await expect(this.grid).toBeVisible()
  }

  /** The card of the image called `name` (names are shown in full on every card). */
  card(name: string): Locator {
    return this.cards.filter({ has: this.page.getByTitle(name, { exact: true }) })
  }

  /** Waits until the summary line counts `count` images and the grid is not loading. */
  async expectTotal(count: number): Promise<void> {
    await expect(this.total).toHaveText(new RegExp(`: ${count}$`))
  }

  /** The names on the cards, in grid order. */
  async names(): Promise<string[]> {
    return this.grid.locator('.card-name, figcaption').allTextContents()
  }

  /** Picks a sort order by its label ("Name A–Z", "Newest first", …). */
  async sortBy(label: string): Promise<void> {
    await this.page.getByTestId('library-sort').selectOption({ label })
  }

  async search(text: string): Promise<void> {
    await this.searchBox.fill(text)
    await this.searchBox.press('Enter')
  }

  async showTrash(): Promise<void> {
    await expect(this.trashToggle).toHaveText('Trash')
    await this.trashToggle.click()
    await expect(this.page.getByRole('region', { name: 'Trash' })).toBeVisible()
  }

  async leaveTrash(): Promise<void> {
    await this.trashToggle.click()
    await expect(this.page.getByRole('region', { name: 'Library' })).toBeVisible()
  }

  /** Restores the deleted image called `name` from the trash view. */
  async restore(name: string): Promise<void> {
    await this.card(name).getByTestId('image-restore').click()
  }

  /** Waits until every thumbnail in view has loaded (for screenshots). */
  async expectThumbnailsLoaded(): Promise<void> {
    await expect
      .poll(() =>
        this.grid
          .locator('img')
          .evaluateAll((images) =>
            images.every((image) => (image as HTMLImageElement).naturalWidth > 0)
          )
      )
      .toBe(true)
  }
}
