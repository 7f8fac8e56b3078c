import type { FileToUpload } from '../store/upload-slice'

const readEntries = (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => reader.readEntries(resolve, reject))

const fileOf = (entry: FileSystemFileEntry): Promise<File> =>
  new Promise((resolve, reject) => entry.file(resolve, reject))

const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile
const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory

/** Hidden files (.DS_Store, ._x) are never images someone meant to upload. */
const isWanted = (name: string): boolean => !name.startsWith('.')

const walk = async (entry: FileSystemEntry, into: File[]): Promise<void> => {
  if (isFile(entry)) {
    if (isWanted(entry.name)) into.push(await fileOf(entry))
    return
  }
  if (!isDirectory(entry)) return
  const reader = entry.createReader()
  // readEntries hands out directories in chunks until it returns an empty one
  for (;;) {
    const batch = await readEntries(reader)
    if (batch.length === 0) return
    for (const child of batch) await walk(child, into)
  }
}

export const toUploads = (files: readonly File[]): FileToUpload[] =>
  files.filter((file) => isWanted(file.name)).map((file) => ({ file, name: file.name }))

/** Every file in a drop, descending into dropped folders. */
export const filesOfDrop = async (transfer: DataTransfer): Promise<FileToUpload[]> => {
  const entries = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
  if (entries.some((entry) => entry === null)) return toUploads(Array.from(transfer.files))
  const files: File[] = []
  for (const entry of entries) if (entry !== null) await walk(entry, files)
  return toUploads(files)
}

/** Pasted images get a readable name; clipboard files are often all called image.png. */
export const filesOfPaste = (transfer: DataTransfer): FileToUpload[] => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  return Array.from(transfer.files).map((file, index) => ({
    file,
    name: file.name === 'image.png' || file.name === '' ? `pasted-${stamp}-${index}.png` : file.name
  }))
}
