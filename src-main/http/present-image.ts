import type { SourceImage } from '../../src-shared/api/sourceimages'
import type { SourceImageRecord, SourceImageRepo } from '../storage/source-image-repo'
import { toApiSourceImage } from '../library/api-shape'

/** A stored image as the API returns it, with its current short hash. */
export const presentImage = (
  images: SourceImageRepo,
  record: SourceImageRecord,
  orgName: string
): SourceImage => toApiSourceImage(record, orgName, images.shortHash(record.organizationId, record.hash))
