import { createHash } from 'node:crypto'
import { createUrlSigner, type UrlSigner } from '../../src-shared/render-signature'

/** SHA-256 of the UTF-8 bytes of `text` as lowercase hex, from node:crypto. */
export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex')

/** rokka's URL signatures with node:crypto's SHA-256. */
export const nodeUrlSigner: UrlSigner = createUrlSigner(sha256Hex)
