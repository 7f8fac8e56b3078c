import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writePsdBuffer } from 'ag-psd'
import * as mupdf from 'mupdf'
import sharp from 'sharp'
import { encodeJxl } from '../../src-main/engine/decoders/jxl-codec'

export { heifGridFile } from '../../src-main/engine/decoders/testing/heif-grid'

/**
 * Source files in every format Darkroom decodes itself, made from one reference picture by real
 * encoders: libjxl (@jsquash/jxl), ag-psd, MuPDF and Ghostscript here; the HEIC was made by
 * libheif's heif-enc (x265) and is committed (resources/fixtures/formats/README.md).
 */
export const FIXTURES = new URL('../../resources/fixtures/formats/', import.meta.url)

/** The reference picture: 120 × 80, quadrants red, green, blue, yellow. */
export const referencePng = (): Promise<Buffer> => readFile(new URL('quadrants.png', FIXTURES))

export const heicFile = (): Promise<Buffer> => readFile(new URL('quadrants.heic', FIXTURES))

const rgba = async (png: Buffer) => {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data), width: info.width, height: info.height }
}

/** A JPEG XL box: 32-bit size, type, payload. */
const box = (type: string, payload: Buffer): Buffer => {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + payload.length)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, payload])
}

/** JPEG XL from libjxl: a bare codestream, or wrapped in the ISO-BMFF container. */
export const jxlFile = async (png: Buffer, container = false): Promise<Buffer> => {
  const codestream = Buffer.from(await encodeJxl(await rgba(png), { quality: 95, effort: 3 }))
  if (!container) return codestream
  return Buffer.concat([
    box('JXL ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a])),
    box('ftyp', Buffer.concat([Buffer.from('jxl '), Buffer.alloc(4), Buffer.from('jxl ')])),
    box('jxlc', codestream)
  ])
}

/** A PSD (or PSB) with one layer and the flattened composite, written by ag-psd. */
export const psdFile = async (png: Buffer, psb = false, layerName = 'Picture'): Promise<Buffer> => {
  const pixels = await rgba(png)
  const imageData = { width: pixels.width, height: pixels.height, data: new Uint8ClampedArray(pixels.data) }
  const psd = { width: pixels.width, height: pixels.height, imageData, children: [{ name: layerName, imageData }] }
  return writePsdBuffer(psd as unknown as Parameters<typeof writePsdBuffer>[0], { psb })
}

/**
 * A PDF written by MuPDF: page 1 shows the picture over 120 × 80 points; with `secondPage`, a
 * 60 × 90 point page of flat green follows.
 */
export const pdfFile = (png: Buffer, secondPage = true): Buffer => {
  const document = new mupdf.PDFDocument()
  const image = document.addImage(new mupdf.Image(png))
  const resources = document.addObject({ XObject: { Picture: image } })
  document.insertPage(-1, document.addPage([0, 0, 120, 80], 0, resources, 'q 120 0 0 80 0 0 cm /Picture Do Q'))
  if (secondPage) {
    document.insertPage(-1, document.addPage([0, 0, 60, 90], 0, document.addObject({}), '0 0.8 0 rg 0 0 60 90 re f'))
  }
  const bytes = Buffer.from(document.saveToBuffer('compress').asUint8Array())
  document.destroy()
  return bytes
}

const run = (command: string, args: string[]): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (error, _out, stderr) =>
      error ? reject(new Error(`${command} failed: ${stderr || error.message}`)) : resolve()
    )
  })

/** Whether Ghostscript runs here. */
export const hasGhostscript = (): Promise<boolean> =>
  run('gs', ['--version']).then(
    () => true,
    () => false
  )

/** An EPS of the picture written by Ghostscript's eps2write from a one-page PDF. */
export const epsFile = async (png: Buffer): Promise<Buffer> => {
  const dir = await mkdtemp(join(tmpdir(), 'darkroom-eps-'))
  try {
    await writeFile(join(dir, 'in.pdf'), pdfFile(png, false))
    await run('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=eps2write', `-sOutputFile=${join(dir, 'out.eps')}`, join(dir, 'in.pdf')])
    return await readFile(join(dir, 'out.eps'))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

