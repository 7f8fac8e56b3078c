import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useAppStore } from '../../store'
import { ImageCard } from './ImageCard'
import { useElementWidth } from './useElementWidth'

const CARD = 180
const GAP = 12
const ROW = CARD + 44 + GAP

/** Only the rows in view exist in the DOM, so 10,000 images scroll like 20. */
export const ImageGrid = () => {
  const images = useAppStore((state) => state.images)
  const nextOffset = useAppStore((state) => state.nextOffset)
  const loadMore = useAppStore((state) => state.loadMore)
  const query = useAppStore((state) => state.query)
  const scroller = useRef<HTMLDivElement>(null)
  const width = useElementWidth(scroller)
  const columns = Math.max(1, Math.floor((width + GAP) / (CARD + GAP)))
  const rows = Math.ceil(images.length / columns)

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 3
  })
  const items = virtualizer.getVirtualItems()

  useEffect(() => virtualizer.scrollToOffset(0), [query, virtualizer])
  const lastRow = items.at(-1)?.index ?? 0

  useEffect(() => {
    if (nextOffset !== null && lastRow >= rows - 3) void loadMore()
  }, [lastRow, rows, nextOffset, loadMore])

  // arrow keys move between cards; the target row may not be rendered yet, so scroll first
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -columns,
      ArrowDown: columns
    }
    const step = steps[event.key]
    const from = (event.target as HTMLElement).closest<HTMLElement>('[data-index]')
    if (step === undefined || from === null) return
    const to = Number(from.dataset.index) + step
    if (to < 0 || to >= images.length) return
    event.preventDefault()
    virtualizer.scrollToIndex(Math.floor(to / columns))
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLElement>(`[data-index="${to}"]`)?.focus()
    )
  }

  return (
    <div ref={scroller} className="grid-scroller" data-testid="image-grid" onKeyDown={onKeyDown}>
      {images.length === 0 ? (
        <p className="empty">Nothing here yet. Drop images anywhere on the window to upload.</p>
      ) : (
        <div className="grid-space" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((row) => (
            <div
              key={row.key}
              className="grid-row"
              style={{
                transform: `translateY(${row.start}px)`,
                gridTemplateColumns: `repeat(${columns}, ${CARD}px)`
              }}
            >
              {images
                .slice(row.index * columns, row.index * columns + columns)
                .map((image, column) => (
                  <ImageCard
                    key={image.hash}
                    image={image}
                    size={CARD}
                    index={row.index * columns + column}
                  />
                ))}
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
