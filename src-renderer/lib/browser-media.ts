import type { DecodedImage } from '../store/types'

const hex = (buffer: ArrayBuffer): string =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('')

/** SHA-1 of the file's bytes, as rokka's `binary_hash` spells it. */
export const hashFile = async (file: Blob): Promise<string> =>
  hex(await crypto.subtle.digest('SHA-1', await file.arrayBuffer()))

/** Decodes off-screen first so the visible image only ever swaps to a finished render. */
export const decodeImage = async (blob: Blob): Promise<DecodedImage> => {
  const url = URL.createObjectURL(blob)
  const image = new Image()
  image.src = url
  try {
    await image.decode()
  } catch {
    URL.revokeObjectURL(url)
    throw { code: 0, message: 'The render could not be decoded as an image.' }
  }
  return { url, width: image.naturalWidth, height: image.naturalHeight }
}

export const releaseImage = (url: string): void => URL.revokeObjectURL(url)
