import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif'
}

interface FilePayload {
  name: string
  type: string
  base64: string
}

/** One look at an upload row: its status and the value of its progress bar (0…1). */
export interface UploadSample {
  name: string
  status: string
  progress: number
}

/** Where the recorder keeps its samples in the page. */
interface RecorderWindow {
  darkroomUploadSamples?: UploadSample[]
}

/** Upload by picker, by drop and by folder; the upload panel with its progress bars. */
export class UploadsPage {
  readonly panel: Locator
  readonly items: Locator
  readonly batchProgress: Locator

  constructor(private readonly page: Page) {
    this.panel = page.getByTestId('upload-panel')
    this.items = this.panel.getByTestId('upload-item')
    this.batchProgress = page.getByTestId('upload-batch-progress')
  }

  item(name: string): Locator {
    return this.items.filter({ has: this.page.getByTitle(name, { exact: true }) })
  }

  /** The file picker behind the Upload button. */
  async pickFiles(paths: string[]): Promise<void> {
    await this.page.getByTestId('upload-input').setInputFiles(paths)
  }

  /** Clicks Upload folder and chooses `dir` in the folder picker that opens. */
  async pickFolder(dir: string): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser')
    await this.page.getByRole('button', { name: 'Upload folder' }).click()
    await (await chooser).setFiles(dir)
  }

  /** Clear finished: the panel goes once nothing is left in flight. */
  async clearFinished(): Promise<void> {
    await this.page.getByTestId('upload-clear').click()
    await expect(this.panel).toBeHidden()
  }

  /**
   * Drops files on the window as a drag from the desktop does: a DataTransfer carrying the
   * files' real bytes, with the dragenter/dragover/drop sequence the studio listens to.
   */
  async dropFiles(paths: string[]): Promise<void> {
    const files: FilePayload[] = await Promise.all(
      paths.map(async (path) => ({
        name: basename(path),
        type: MIME[extname(path).toLowerCase()] ?? 'application/octet-stream',
        base64: (await readFile(path)).toString('base64')
      }))
    )
    const transfer = await this.page.evaluateHandle((payload: FilePayload[]) => {
      const data = new DataTransfer()
      for (const file of payload) {
        const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))
        data.items.add(new File([bytes], file.name, { type: file.type }))
      }
      return data
    }, files)
    const body = this.page.locator('body')
    await body.dispatchEvent('dragenter', { dataTransfer: transfer })
    await body.dispatchEvent('dragover', { dataTransfer: transfer })
    await expect(this.page.getByTestId('drop-overlay')).toBeVisible()
    await body.dispatchEvent('drop', { dataTransfer: transfer })
    await expect(this.page.getByTestId('drop-overlay')).toBeHidden()
    await transfer.dispose()
  }

  /**
   * Drags files or folders from the file system onto the window through Chromium's own drag
   * input (DevTools protocol): the page gets real file entries, folders included, as from a
   * file manager.
   */
  async dropFromDesktop(paths: string[]): Promise<void> {
    const size = await this.page.evaluate(() => ({
      width: window.innerWidth,
      height: window.innerHeight
    }))
    const at = { x: Math.round(size.width / 2), y: Math.round(size.height / 2) }
    const data = { items: [], files: paths, dragOperationsMask: 1 }
    const cdp = await this.page.context().newCDPSession(this.page)
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
      await cdp.send('Input.dispatchDragEvent', { type, ...at, data })
    }
    await cdp.detach()
  }

  /** From now on, notes every change of any upload row (status or progress) the page shows. */
  async startRecording(): Promise<void> {
    await this.page.evaluate(() => {
      const samples: UploadSample[] = []
      const recorder = window as Window & RecorderWindow
      recorder.darkroomUploadSamples = samples
      const look = () => {
        for (const row of document.querySelectorAll<HTMLElement>('[data-testid="upload-item"]')) {
          const sample = {
            name: row.querySelector('.upload-name')?.textContent ?? '',
            status: row.dataset.status ?? '',
            progress: row.querySelector('progress')?.value ?? -1
          }
          const last = samples.filter((seen) => seen.name === sample.name).at(-1)
          if (last?.status !== sample.status || last.progress !== sample.progress) {
            samples.push(sample)
          }
        }
      }
      new MutationObserver(look).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true
      })
    })
  }

  /** What the recorder saw, per file name, in order. */
  async recorded(): Promise<Record<string, UploadSample[]>> {
    const samples = await this.page.evaluate(
      () => (window as Window & RecorderWindow).darkroomUploadSamples ?? []
    )
    const byName: Record<string, UploadSample[]> = {}
    for (const sample of samples) (byName[sample.name] ??= []).push(sample)
    return byName
  }

  /** Waits until every listed upload has finished with `status` (done, duplicate, failed). */
  async expectAll(names: string[], status: string): Promise<void> {
    for (const name of names) {
      await expect(this.item(name)).toHaveAttribute('data-status', status, { timeout: 60_000 })
    }
  }
}
