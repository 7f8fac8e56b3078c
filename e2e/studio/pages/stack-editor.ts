import { expect, type Locator, type Page } from '@playwright/test'

/** The stacks view: list of stacks, the editor of the open one and its live preview. */
export class StackEditorPage {
  readonly editor: Locator
  readonly operations: Locator
  readonly previewDimensions: Locator
  readonly previewFacts: Locator
  readonly previewImage: Locator
  readonly saveButton: Locator
  /** "n value(s) need fixing before saving." */
  readonly invalidNotice: Locator

  constructor(private readonly page: Page) {
    this.editor = page.getByTestId('stack-editor')
    this.operations = this.editor.getByTestId('operation')
    this.previewDimensions = page.getByTestId('preview-dimensions')
    this.previewFacts = page.getByTestId('preview-facts')
    this.previewImage = page.getByTestId('preview-image')
    this.saveButton = page.getByTestId('stack-save')
    this.invalidNotice = page.getByTestId('stack-invalid')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-stacks').click()
    await expect(this.page.getByTestId('stack-new')).toBeVisible()
  }

  async create(name: string): Promise<void> {
    await this.page.getByTestId('stack-new').click()
    await this.page.getByTestId('name-dialog-input').fill(name)
    await this.page.getByTestId('name-dialog-submit').click()
    await expect(this.editor.getByRole('heading', { level: 2 })).toContainText(name)
  }

  /** The entry of stack `name` in the list of stacks. */
  listed(name: string): Locator {
    return this.page.locator(`[data-testid="stack-item"][data-name="${name}"]`)
  }

  /** The input of one option of an operation in the form. */
  option(operation: string, option: string): Locator {
    return this.operation(operation).getByTestId(`option-${option}`)
  }

  operation(name: string): Locator {
    return this.editor.locator(`[data-testid="operation"][data-name="${name}"]`)
  }

  async addOperation(name: string): Promise<void> {
    const before = await this.operations.count()
    await this.editor.getByTestId('operation-picker').selectOption(name)
    await this.editor.getByTestId('operation-add').click()
    await expect(this.operations).toHaveCount(before + 1)
  }

  /** Types into one option field of an operation; selects pick, checkboxes take 'true'/'false'. */
  async setOption(operation: string, option: string, value: string): Promise<void> {
    const field = this.option(operation, option)
    const tag = await field.evaluate((element) => element.tagName)
    if (tag === 'SELECT') await field.selectOption(value)
    else if ((await field.getAttribute('type')) === 'checkbox')
      await field.setChecked(value === 'true')
    else await field.fill(value)
  }

  /** The preview's device pixel ratio switch. */
  async setDpr(dpr: 1 | 2 | 3): Promise<void> {
    await this.page.getByTestId(`preview-dpr-${dpr}`).check()
  }

  /** Moves the before/after handle to `percent` of the width. */
  async setCompare(percent: number): Promise<void> {
    await this.page.getByTestId('compare-range').fill(String(percent))
  }

  /** The image the live preview renders. */
  async previewWith(name: string): Promise<void> {
    await this.page.getByTestId('preview-image-picker').selectOption({ label: name })
  }

  /**
   * Waits until the preview shows a render of the current draft with `width × height`; the
   * facts say `data-current` only once the shown render is the one the draft asks for.
   */
  async expectPreview(width: number, height: number): Promise<void> {
    await expect(this.previewFacts).toHaveAttribute('data-current', 'true', { timeout: 30_000 })
    await expect(this.previewDimensions).toHaveText(`${width} × ${height}`, { timeout: 30_000 })
  }

  /** Saves; an existing stack is overwritten through the warning dialog. */
  async save(): Promise<void> {
    await this.saveButton.click()
    const confirm = this.page.getByTestId('confirm-ok')
    if (await confirm.isVisible()) await confirm.click()
    await expect(this.editor.getByText('unsaved')).toBeHidden()
  }

  /** The URL of the render the preview shows ("Open this render"). */
  async previewUrl(): Promise<string> {
    return (await this.page.getByTestId('preview-url').getAttribute('href')) ?? ''
  }
}
