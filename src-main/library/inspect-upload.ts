import type { StagedBlob } from '../storage/blob-store'
import { invalidImage, unsupportedFormat } from '../errors'
import { sniffFormat } from '../engine/sniff'
import { probeImage } from '../engine/probe'
import { isDecodedFormat } from '../engine/decoders/decode-types'
import { probeDecoded, type DecodedSniff } from '../engine/decoders/probe-decoded'
import { NOT_AN_IMAGE } from '../engine/readable-formats'
import { sniffFont } from '../engine/font-sniff'

/** What Darkroom records about an uploaded file's image. */
export interface InspectedImage {
  format: string
  mimetype: string
  width: number
  height: number
  animated: boolean
  opaque: boolean
  entropy: number | null
  staticMetadata: Record<string, unknown>
}

/** Decides the format from the bytes, then checks that the image really decodes within limits. */
export const inspectUpload = async (staged: StagedBlob, maxPixels: number): Promise<InspectedImage> => {
  if (staged.size === 0) throw invalidImage('The file is empty.')
  const font = sniffFont(staged.head)
  if (font) {
    // Fonts are stored for the text operation; they have no pixels of their own.
    return { ...font, width: 0, height: 0, animated: false, opaque: false, entropy: null, staticMetadata: {} }
  }
  const sniffed = sniffFormat(staged.head)
  if (sniffed.kind === 'unsupported') throw unsupportedFormat(sniffed.label)
  if (sniffed.kind === 'unknown') throw invalidImage(NOT_AN_IMAGE)
  const facts = isDecodedFormat(sniffed.format)
    ? await probeDecoded(staged.tmpPath, sniffed as DecodedSniff, { maxPixels })
    : await probeImage(staged.tmpPath, sniffed, { maxPixels })
  return {
    format: sniffed.format,
    mimetype: sniffed.mimetype,
    width: facts.width,
    height: facts.height,
    animated: facts.animated,
    opaque: facts.opaque,
    entropy: facts.entropy,
    staticMetadata: { ...facts.staticMetadata }
  }
}
