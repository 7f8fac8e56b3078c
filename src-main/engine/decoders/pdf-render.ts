import { checkDeclaredSize } from './declared-size'
import { DecodeFailure, type DecodedPixels, type PageOptions } from './decode-types'

type MuPdf = typeof import('mupdf')

// MuPDF's module instantiates its WebAssembly on import; only PDF jobs pay for it.
let mupdf: Promise<MuPdf> | null = null
const load = (): Promise<MuPdf> => (mupdf ??= import('mupdf'))

export const DEFAULT_PDF_DPI = 200
/** rokka doubles the resolution of pages that would be narrower than this. */
const MIN_WIDTH_BEFORE_DOUBLING = 1000

/** MuPDF's first line, without its "format error:"-style prefix. */
const muPdfReason = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error)
  const first = text.split('\n').find((line) => line.trim() !== '') ?? 'unknown error'
  return first.replace(/^\w+ error:\s*/, '').replace(/[.\s]+$/, '').slice(0, 200)
}

/** The pixel size of a page of `points` at `dpi`, doubled as rokka does for narrow pages. */
export const pdfRasterScale = (widthPoints: number, dpi: number): number => {
  const scale = dpi / 72
  return widthPoints * scale < MIN_WIDTH_BEFORE_DOUBLING ? scale * 2 : scale
}

/**
 * Rasterises one page of a PDF with MuPDF at `dpi` (RGBA, transparent where the page paints
 * nothing). The page size is checked against `maxPixels` before anything is drawn.
 */
export const renderPdfPage = async (
  bytes: Uint8Array,
  maxPixels: number,
  options: PageOptions
): Promise<DecodedPixels> => {
  const lib = await load()
  let document: InstanceType<MuPdf['Document']>
  let pageCount: number
  try {
    document = lib.Document.openDocument(bytes, 'application/pdf')
    pageCount = document.countPages()
  } catch (error) {
    throw new DecodeFailure('invalid', `The PDF file is truncated or damaged (${muPdfReason(error)}).`)
  }
  try {
    if (pageCount < 1) throw new DecodeFailure('invalid', 'The PDF file has no pages.')
    const number = options.page ?? 1
    if (number > pageCount) {
      throw new DecodeFailure(
        'bad_option',
        `The PDF has ${pageCount} page${pageCount === 1 ? '' : 's'}; pdf.page ${number} does not exist.`
      )
    }
    const page = document.loadPage(number - 1)
    try {
      const [x0, y0, x1, y1] = page.getBounds()
      const scale = pdfRasterScale(x1 - x0, options.dpi ?? DEFAULT_PDF_DPI)
      const fullSize = { width: Math.ceil((x1 - x0) * scale), height: Math.ceil((y1 - y0) * scale) }
      checkDeclaredSize('PDF', fullSize.width, fullSize.height, maxPixels)
      const preview = options.previewSize ? Math.min(1, options.previewSize / Math.max(fullSize.width, fullSize.height)) : 1
      const matrix = lib.Matrix.scale(scale * preview, scale * preview)
      const pixmap = page.toPixmap(matrix, lib.ColorSpace.DeviceRGB, true, true)
      try {
        return {
          ...packedPixels(pixmap),
          ...(pageCount > 1 ? { pages: pageCount } : {}),
          ...(preview < 1 ? { fullSize } : {})
        }
      } finally {
        pixmap.destroy()
      }
    } catch (error) {
      if (error instanceof DecodeFailure) throw error
      throw new DecodeFailure('invalid', `The PDF page cannot be drawn (${muPdfReason(error)}).`)
    } finally {
      page.destroy()
    }
  } finally {
    document.destroy()
  }
}

/** Copies a pixmap out of MuPDF's memory, dropping any row padding. */
const packedPixels = (pixmap: InstanceType<MuPdf['Pixmap']>): DecodedPixels => {
  const width = pixmap.getWidth()
  const height = pixmap.getHeight()
  // MuPDF counts the alpha channel among the components.
  const channels = pixmap.getNumberOfComponents()
  if (channels !== 3 && channels !== 4) throw new Error(`MuPDF gave ${channels} channels`)
  const stride = pixmap.getStride()
  const source = pixmap.getPixels()
  const row = width * channels
  const data = new Uint8Array(row * height)
  for (let y = 0; y < height; y += 1) data.set(source.subarray(y * stride, y * stride + row), y * row)
  return { data, width, height, channels }
}
