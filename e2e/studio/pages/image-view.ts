import { expect, type Locator, type Page } from '@playwright/test'

/** A box in fractions (0…1) of the shown image, as a person drags it. */
export interface FractionBox {
  left: number
  top: number
  right: number
  bottom: number
}

/** The image view: preview, fields, metadata, subject area, actions, render URL. */
export class ImageViewPage {
  readonly dialog: Locator
  readonly preview: Locator
  readonly subjectFrame: Locator
  readonly subjectBox: Locator

  constructor(private readonly page: Page) {
    this.dialog = page.getByTestId('image-view')
    this.preview = this.dialog.getByTestId('image-preview')
    this.subjectFrame = this.dialog.getByTestId('subject-area-frame')
    this.subjectBox = this.dialog.getByTestId('subject-area-box')
  }

  field(name: 'hash' | 'short-hash' | 'binary-hash' | 'format' | 'dimensions' | 'name'): Locator {
    return this.dialog.getByTestId(`field-${name}`)
  }

  async expectOpen(name: string): Promise<void> {
    await expect(this.dialog).toBeVisible()
    await expect(this.field('name')).toHaveText(name)
    await this.expectPreviewLoaded()
  }

  /** Waits until the large preview shows a render of the image's current hash. */
  async expectPreviewLoaded(): Promise<void> {
    const hash = await this.hash()
    await expect
      .poll(() =>
        this.preview.evaluate((element) => {
          const image = element as HTMLImageElement
          return image.complete && image.naturalWidth > 0 ? image.src : ''
        })
      )
      .toContain(hash)
  }

  async hash(): Promise<string> {
    return (await this.field('hash').textContent()) ?? ''
  }

  async close(): Promise<void> {
    await this.dialog.getByTestId('image-view-close').click()
    await expect(this.dialog).toBeHidden()
  }

  async addMetadata(type: string, name: string, value: string): Promise<void> {
    await this.dialog.getByTestId('metadata-new-type').selectOption(type)
    await this.dialog.getByTestId('metadata-new-name').fill(name)
    await this.dialog.getByTestId('metadata-new-value').fill(value)
    await this.dialog.getByTestId('metadata-add').click()
    await expect(this.dialog.getByLabel(new RegExp(`^${name}`))).toHaveValue(value)
  }

  /** Drags a box on the large preview with the mouse, then sets it as the subject area. */
  async dragSubjectArea(box: FractionBox): Promise<void> {
    const frame = await this.subjectFrame.boundingBox()
    if (frame === null) throw new Error('the subject area frame is not on screen')
    const at = (x: number, y: number) => [frame.x + frame.width * x, frame.y + frame.height * y]
    const [fromX = 0, fromY = 0] = at(box.left, box.top)
    const [toX = 0, toY = 0] = at(box.right, box.bottom)
    await this.page.mouse.move(fromX, fromY)
    await this.page.mouse.down()
    await this.page.mouse.move((fromX + toX) / 2, (fromY + toY) / 2, { steps: 4 })
    await this.page.mouse.move(toX, toY, { steps: 4 })
    await this.page.mouse.up()
    await expect(this.subjectBox).toHaveClass(/subject-box-draft/)
    const hashBefore = await this.hash()
    await this.dialog.getByTestId('subject-area-save').click()
    // the hash moves with the dynamic metadata; the view follows it
    await expect(this.field('hash')).not.toHaveText(hashBefore)
    await expect(this.subjectBox).not.toHaveClass(/subject-box-draft/)
    await this.expectPreviewLoaded()
  }

  /** The subject area the form shows, in source pixels. */
  async subjectArea(): Promise<{ x: number; y: number; width: number; height: number }> {
    const read = async (key: string) =>
      Number(await this.dialog.getByTestId(`subject-area-${key}`).inputValue())
    return {
      x: await read('x'),
      y: await read('y'),
      width: await read('width'),
      height: await read('height')
    }
  }

  /** Clear: the image returns to its hash without a subject area. */
  async clearSubjectArea(): Promise<void> {
    const hashBefore = await this.hash()
    await this.dialog.getByTestId('subject-area-clear').click()
    await expect(this.field('hash')).not.toHaveText(hashBefore)
    await expect(this.subjectBox).toBeHidden()
    await this.expectPreviewLoaded()
  }

  /** Moves the image to the trash through the confirmation dialog. */
  async delete(): Promise<void> {
    await this.dialog.getByTestId('image-delete').click()
    await this.page.getByTestId('confirm-ok').click()
    await expect(this.dialog).toBeHidden()
  }

  /** The copyable render URL of the image through `stack` ('' for the dynamic fit). */
  async renderUrl(stack: string, format = 'jpg'): Promise<string> {
    await this.dialog.getByTestId('render-url-stack').selectOption(stack)
    await this.dialog.getByTestId('render-url-format').selectOption(format)
    return this.dialog.getByTestId('render-url').inputValue()
  }
}
