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
