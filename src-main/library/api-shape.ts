import type { SourceImage } from '../../src-shared/api/sourceimages'
import type { SourceImageRecord } from '../storage/source-image-repo'

const nonEmpty = (value: Record<string, unknown>) =>
  Object.keys(value).length > 0 ? value : undefined

/** The API's view of a stored source image; empty metadata objects are left out, as rokka does. */
export const toApiSourceImage = (
  record: SourceImageRecord,
  organization: string,
  shortHash: string
): SourceImage => {
  const image: SourceImage = {
    hash: record.hash,
    short_hash: shortHash,
    binary_hash: record.binaryHash,
    created: record.created,
    name: record.name,
    mimetype: record.mimetype,
    format: record.format,
    size: record.size,
    width: record.width,
    height: record.height,
    organization,
    link: `/sourceimages/${organization}/${record.hash}`,
    protected: record.isProtected,
    locked: record.locked,
    opaque: record.opaque,
    animated: record.animated,
    deleted: record.deletedDate !== null
  }
  const user = nonEmpty(record.userMetadata)
  const dynamic = nonEmpty(record.dynamicMetadata)
  const stat = nonEmpty(record.staticMetadata)
  if (user) image.user_metadata = user
  if (dynamic) image.dynamic_metadata = dynamic
  if (stat) image.static_metadata = stat
  if (record.entropy !== null) image.entropy = record.entropy
  if (record.deletedDate) image.deleted_date = record.deletedDate
  return image
}
