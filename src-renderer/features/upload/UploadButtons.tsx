import { useRef, type ChangeEvent } from 'react'
import { toUploads } from '../../lib/collect-files'
import { useAppStore } from '../../store'

/** File and folder pickers; the folder input is the browser stand-in for a native dialog. */
export const UploadButtons = () => {
  const enqueue = useAppStore((state) => state.enqueueUploads)
  const files = useRef<HTMLInputElement>(null)
  const folder = useRef<HTMLInputElement>(null)

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = Array.from(event.target.files ?? [])
    event.target.value = ''
    if (picked.length > 0) void enqueue(toUploads(picked))
  }
  const setFolderMode = (input: HTMLInputElement | null) => {
    folder.current = input
    // not in React's attribute list; the DOM property makes the picker choose folders
    if (input !== null) input.webkitdirectory = true
  }

  return (
    <div className="upload-buttons">
      <button
        type="button"
        className="primary"
        onClick={() => files.current?.click()}
        data-testid="upload-files"
      >
        Upload
      </button>
      <button type="button" onClick={() => folder.current?.click()} data-testid="upload-folder">
        Upload folder
      </button>
      <input
        ref={files}
        type="file"
        multiple
        accept="image/*,video/mp4,application/pdf,.psd,.eps,.heic,.jxl"
        hidden
        onChange={onPick}
        data-testid="upload-input"
        aria-label="Choose files to upload"
      />
      <input
        ref={setFolderMode}
        type="file"
        multiple
        hidden
        onChange={onPick}
        data-testid="upload-folder-input"
        aria-label="Choose a folder to upload"
      />
    </div>
  )
}
