/** A source image as rokka's API returns it (field names are rokka's). */
export interface SourceImage {
  hash: string
  short_hash: string
  binary_hash: string
  created: string
  name: string
  mimetype: string
  format: string
  size: number
  width: number
  height: number
  organization: string
  link: string
  user_metadata?: Record<string, unknown>
  dynamic_metadata?: Record<string, unknown>
  static_metadata?: Record<string, unknown>
  protected: boolean
  locked: boolean
  opaque: boolean
  animated: boolean
  deleted: boolean
  deleted_date?: string
  entropy?: number
}

/** `POST /sourceimages/{org}` answer: one item per uploaded file or URL, in request order. */
export interface SourceImageUploadResult {
  total: number
  items: SourceImage[]
}

/** `GET /sourceimages/{org}` answer. */
export interface SourceImageList {
  total: number
  items: SourceImage[]
  links: { next?: { href: string }; prev?: { href: string } }
  cursor?: string
  facets?: Record<string, { value: string; count: number }[]>
}

/** `POST /sourceimages/{org}/copy` answer. */
export interface BatchCopyResult {
  created: string[]
  existing: string[]
  notfound: string[]
}
