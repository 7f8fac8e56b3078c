import { useEffect, useState } from 'react'
import { filesOfDrop, filesOfPaste } from '../../lib/collect-files'
import { useAppStore } from '../../store'

const carriesFiles = (event: DragEvent): boolean =>
  event.dataTransfer?.types.includes('Files') ?? false

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA)$/.test(target.tagName))

/** Drops and pastes anywhere on the window upload; shows an overlay while files hover. */
export const DropTarget = () => {
  const [hovering, setHovering] = useState(false)

  useEffect(() => {
    let depth = 0
    const enqueue = useAppStore.getState().enqueueUploads
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      depth += 1
      setHovering(true)
    }
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setHovering(false)
    }
    const onOver = (event: DragEvent) => {
      if (carriesFiles(event)) event.preventDefault()
    }
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event) || event.dataTransfer === null) return
      event.preventDefault()
      depth = 0
      setHovering(false)
      void filesOfDrop(event.dataTransfer).then((files) => enqueue(files))
    }
    const onPaste = (event: ClipboardEvent) => {
      if (event.clipboardData === null || isTyping(event.target)) return
      const files = filesOfPaste(event.clipboardData)
      if (files.length === 0) return
      event.preventDefault()
      void enqueue(files)
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('dragover', onOver)
    window.addEventListener('drop', onDrop)
    window.addEventListener('paste', onPaste)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('drop', onDrop)
      window.removeEventListener('paste', onPaste)
    }
  }, [])

  if (!hovering) return null
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      Drop images or folders to upload
    </div>
  )
}
