import type { SourceImageRecord } from '../storage/source-image-repo'

/** `image.format` as rokka's expressions see it (`jpeg`, not `jpg`). */
const expressionFormat = (format: string) => (format === 'jpg' ? 'jpeg' : format)

/** User metadata keyed by field name without its type prefix (`int:year` → `year`). */
const plainUserMetadata = (metadata: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key.replace(/^[a-z_]+:/, ''), value]))

/** The `image` object of stack and operation expressions. */
export const imageScope = (image: SourceImageRecord): Record<string, unknown> => {
  const subjectArea = image.dynamicMetadata.subject_area as Record<string, unknown> | undefined
  return {
    width: image.width,
    height: image.height,
    format: expressionFormat(image.format),
    hash: image.hash,
    entropy: image.entropy ?? 0,
    isAnimated: image.animated,
    hasSubjectArea: subjectArea !== undefined,
    subject_area: subjectArea ?? null,
    hasDetectionFace: false,
    detection_face: null,
    face_detection: null,
    meta_user: plainUserMetadata(image.userMetadata)
  }
}

/** The `request` object: only the client hint rokka exposes. */
export const requestScope = (headers: Record<string, string | string[] | undefined>) => {
  const saveData = headers['save-data']
  return { headers: { save_data: (Array.isArray(saveData) ? saveData[0] : saveData)?.toLowerCase() ?? null } }
}
