import { ErrorText } from '../../components/ErrorText'
import { useAppStore } from '../../store'
import { ImageGrid } from './ImageGrid'
import { LibraryToolbar } from './LibraryToolbar'

export const LibraryView = () => {
  const total = useAppStore((state) => state.total)
  const loading = useAppStore((state) => state.imagesLoading)
  const error = useAppStore((state) => state.imagesError)
  const trash = useAppStore((state) => state.query.trash)
  return (
    <section className="library" aria-label={trash ? 'Trash' : 'Library'}>
      <LibraryToolbar />
      <p className="summary" aria-live="polite" data-testid="library-total">
        {trash ? 'Deleted images: ' : 'Images: '}
        {total}
        {loading ? ' · loading…' : ''}
      </p>
      <ErrorText error={error} testId="library-error" />
      <ImageGrid />
    </section>
  )
}
