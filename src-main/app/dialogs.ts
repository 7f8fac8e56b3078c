import { dialog, type BrowserWindow } from 'electron'

/** What Darkroom can import (the formats the upload accepts), for the open dialog's filter. */
export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'avif', 'tif', 'tiff', 'svg']

/** Native "open images" dialog; the chosen paths, empty when cancelled. */
export const pickImages = async (parent: BrowserWindow | null): Promise<string[]> => {
  const options: Electron.OpenDialogOptions = {
    title: 'Add images to Darkroom',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: 'Images', extensions: IMAGE_EXTENSIONS }]
  }
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options)
  return result.canceled ? [] : result.filePaths
}

/** Native folder dialog; the chosen folder, null when cancelled. */
export const pickFolder = async (parent: BrowserWindow | null): Promise<string | null> => {
  const options: Electron.OpenDialogOptions = {
    title: 'Choose a folder',
    properties: ['openDirectory', 'createDirectory']
  }
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}
