import sharp from 'sharp'

/** A render fetched over HTTP and decoded. */
export interface FetchedImage {
  status: number
  contentType: string
  width: number
  height: number
  format: string
  body: Buffer
}

/** GETs `url` and decodes the answer with sharp; fails with the server's words when not 200. */
export const fetchImage = async (url: string, init: RequestInit = {}): Promise<FetchedImage> => {
  const response = await fetch(url, init)
  const body = Buffer.from(await response.arrayBuffer())
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered ${response.status}: ${body.toString('utf8', 0, 300)}`)
  }
  const { width, height, format } = await sharp(body).metadata()
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    width: width ?? 0,
    height: height ?? 0,
    format: format ?? '',
    body
  }
}

/** Width and height of an image file. */
export const dimensionsOf = async (path: string): Promise<{ width: number; height: number }> => {
  const { width, height } = await sharp(path).metadata()
  return { width: width ?? 0, height: height ?? 0 }
}

/**
 * Mean absolute difference per channel (0…255) of two images scaled to the same small size:
 * about 0 for the same picture, well above 10 for different parts of a photograph.
 */
export const pixelDistance = async (a: Buffer, b: Buffer): Promise<number> => {
  const small = (image: Buffer) =>
    sharp(image).resize(32, 32, { fit: 'fill' }).removeAlpha().raw().toBuffer()
  const [left, right] = await Promise.all([small(a), small(b)])
  let sum = 0
  for (let index = 0; index < left.length; index += 1) {
    sum += Math.abs((left[index] ?? 0) - (right[index] ?? 0))
  }
  return sum / left.length
}

/**
 * Share of pixels (0…1) that differ visibly between two images of the same size; 1 when the
 * sizes differ. A changed date or port in a screenshot stays far below 0.01, a changed layout
 * does not.
 */
export const changedShare = async (a: Buffer, b: Buffer): Promise<number> => {
  const decode = (image: Buffer) =>
    sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const [left, right] = await Promise.all([decode(a), decode(b)])
  if (left.info.width !== right.info.width || left.info.height !== right.info.height) return 1
  let changed = 0
  for (let index = 0; index < left.data.length; index += 3) {
    const differs = [0, 1, 2].some(
      (channel) =>
        Math.abs((left.data[index + channel] ?? 0) - (right.data[index + channel] ?? 0)) > 24
    )
    if (differs) changed += 1
  }
  return changed / (left.info.width * left.info.height)
}

/** The `src` and every `srcset` candidate URL of an `<img>` snippet, with their descriptors. */
export const imgSnippetUrls = (snippet: string): { url: string; descriptor: string }[] => {
  const src = /\ssrc="([^"]+)"/.exec(snippet)?.[1]
  const srcset = /\ssrcset="([^"]+)"/.exec(snippet)?.[1]
  if (src === undefined || srcset === undefined) {
    throw new Error(`not an <img src srcset> snippet:\n${snippet}`)
  }
  const candidates = srcset.split(',').map((candidate) => {
    const [url = '', descriptor = '1x'] = candidate.trim().split(/\s+/)
    return { url, descriptor }
  })
  return [{ url: src, descriptor: '1x' }, ...candidates]
}
