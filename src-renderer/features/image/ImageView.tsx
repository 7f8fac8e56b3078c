import { ErrorText } from '../../components/ErrorText'
import { Modal } from '../../components/Modal'
import { useAppStore } from '../../store'
import { ImageActions } from './ImageActions'
import { ImageFields } from './ImageFields'
import { ImageOrigins } from '../folders/ImageOrigins'
import { MetadataEditor } from './MetadataEditor'
import { RenderUrlSection } from './RenderUrlSection'
import { SubjectAreaEditor } from './SubjectAreaEditor'

export const ImageView = () => {
  const image = useAppStore((state) => state.detail)
  const error = useAppStore((state) => state.detailError)
  const close = useAppStore((state) => state.closeImage)
  if (image === null) return null
  return (
    <Modal title={image.name} onClose={close} testId="image-view" wide>
      <div className="image-view">
        <SubjectAreaEditor key={image.hash} image={image} />
        <div className="image-side">
          <ErrorText error={error} testId="image-error" />
          <ImageFields image={image} />
          <ImageOrigins image={image} />
          <ImageActions image={image} />
          <MetadataEditor image={image} />
          <RenderUrlSection image={image} />
        </div>
      </div>
    </Modal>
  )
}
