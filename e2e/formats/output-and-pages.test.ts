import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeJxl } from '../../src-main/engine/decoders/jxl-codec'
import { imageDistance, pixelAt } from '../../src-main/engine/testing/images'
import { errorOf, facts, get, upload, type Rendered } from '../api/render-http'
import { failure, useApiServer } from '../api/server'
import * as mupdf from 'mupdf'
import { heifGridFile, pdfFile, psdFile, referencePng } from './format-files'

const server = useApiServer()

/** A smooth picture (gradients and shapes), the kind lossy encoders are made for. */
const gradientPng = (): Promise<Buffer> =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="160"><defs>' +
        '<linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#1040a0"/><stop offset="1" stop-color="#f0b030"/></linearGradient></defs>' +
        '<rect width="240" height="160" fill="url(#g)"/><circle cx="80" cy="80" r="50" fill="#c02030"/>' +
        '<rect x="150" y="30" width="60" height="100" fill="#20a050"/></svg>'
    )
  )
    .png()
    .toBuffer()

let reference: Buffer
let original: Buffer
let photo: string
let pdf: string
beforeAll(async () => {
  reference = await referencePng()
  original = await gradientPng()
  photo = (await upload(server.client, server.org, 'picture.png', original)).hash
  pdf = (await upload(server.client, server.org, 'two-pages.pdf', pdfFile(reference))).hash
})

const render = (path: string, headers: Record<string, string> = {}): Promise<Rendered> =>
  get(server, `${server.url}/render/${server.org}/${path}`, headers)

/** A JPEG XL render as PNG, decoded by libjxl, for comparing pixels. */
const jxlAsPng = async (body: Buffer): Promise<Buffer> => {
  const pixels = await decodeJxl(new Uint8Array(body), 1e8)
  return sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: 4 } }).png().toBuffer()
}

describe('JPEG XL output', () => {
  it('renders .jxl as image/jxl with the stack applied', async () => {
    const rendered = await render(`dynamic/resize-width-120/${photo}.jxl`)
    expect(rendered.status, rendered.body.toString().slice(0, 300)).toBe(200)
    expect(rendered.headers['content-type']).toBe('image/jxl')
    expect(rendered.body.subarray(0, 2)).toEqual(Buffer.from([0xff, 0x0a]))
    const png = await jxlAsPng(rendered.body)
    expect(await facts(png)).toMatchObject({ width: 120, height: 80 })
    const expected = await sharp(original).resize(120).png().toBuffer()
    expect(await imageDistance(png, expected)).toBeLessThan(8)
  })

  it('jxl.quality trades bytes for fidelity', async () => {
    const low = await render(`dynamic/noop--options-jxl.quality-20/${photo}.jxl`)
    const high = await render(`dynamic/noop--options-jxl.quality-95/${photo}.jxl`)
    expect(low.status).toBe(200)
    expect(high.status).toBe(200)
    expect(low.body.length).toBeLessThan(high.body.length)
    expect(await imageDistance(await jxlAsPng(high.body), original, 64)).toBeLessThan(2)
  })

  it('autoformat picks JPEG XL where autoformat.include names it and Accept takes it', async () => {
    const both = 'image/jxl,image/avif,image/webp,*/*;q=0.8'
    const included = `dynamic/resize-width-100--options-autoformat-true-autoformat.include-jxl/${photo}.jpg`
    const chosen = await render(included, { accept: both })
    expect(chosen.status).toBe(200)
    expect(chosen.headers['content-type']).toBe('image/jxl')
    expect(chosen.headers.vary).toMatch(/Accept/i)
    // a browser without JPEG XL gets WebP, as before
    const noJxl = await render(included, { accept: 'image/webp,*/*;q=0.8' })
    expect(noJxl.headers['content-type']).toBe('image/webp')
    // without the include, Accept alone does not bring JPEG XL
    const notIncluded = await render(`dynamic/resize-width-100--options-autoformat-true/${photo}.jpg`, { accept: both })
    expect(notIncluded.headers['content-type']).toBe('image/webp')
  })
})

describe('PDF pages', () => {
  it('pdf.page picks the page: page 2 is 60 × 90 points of green at 400 dpi', async () => {
    const rendered = await render(`dynamic/noop--options-pdf.page-2/${pdf}.png`)
    expect(rendered.status, rendered.body.toString().slice(0, 300)).toBe(200)
    const page = await facts(rendered.body)
    expect(Math.abs((page.width ?? 0) - (60 * 400) / 72)).toBeLessThanOrEqual(1)
    expect(Math.abs((page.height ?? 0) - (90 * 400) / 72)).toBeLessThanOrEqual(1)
    const [r, g, b] = await pixelAt(rendered.body, 50, 50)
    expect(g).toBeGreaterThan(150)
    expect(r + b).toBeLessThan(60)
  })

  it('pdf.dpi sets the resolution (72 dpi is doubled, the page being under 1000 px wide)', async () => {
    const rendered = await render(`dynamic/noop--options-pdf.dpi-72/${pdf}.jpg`)
    expect(rendered.status).toBe(200)
    expect(await facts(rendered.body)).toMatchObject({ width: 240, height: 160 })
    expect(await imageDistance(rendered.body, reference)).toBeLessThan(8)
  })

  it('a page past the end is a 400 that says how many there are', async () => {
    const rendered = await render(`dynamic/noop--options-pdf.page-3/${pdf}.jpg`)
    expect(rendered.status).toBe(400)
    expect(errorOf(rendered).message).toBe('The PDF has 2 pages; pdf.page 3 does not exist.')
  })
})

/** Uploads a file that must be refused as too large; nothing may be stored. */
const refusedAsTooLarge = async (name: string, bytes: Buffer, message: string) => {
  const before = (await server.client.sourceimages.list(server.org)).body.total
  const refused = await failure(server.client.sourceimages.create(server.org, name, bytes), 400)
  expect(refused.body.message).toBe(message)
  expect((await server.client.sourceimages.list(server.org)).body.total).toBe(before)
}

describe('decoder limits', () => {
  it('B21: a PSB declaring 30000 × 30000 pixels is refused from its header, before any pixel is read', async () => {
    const psb = await psdFile(reference, true)
    psb.writeUInt32BE(30_000, 14)
    psb.writeUInt32BE(30_000, 18)
    await refusedAsTooLarge('huge.psb', psb, 'The image is 30000 × 30000 pixels (900 megapixels); PSB images may have at most 225 megapixels.')
  })

  it('B21: a PDF whose first page would be 40000 pixels square at 200 dpi is refused before it is drawn', async () => {
    const document = new mupdf.PDFDocument()
    document.insertPage(-1, document.addPage([0, 0, 14_400, 14_400], 0, document.addObject({}), '1 0 0 rg 0 0 100 100 re f'))
    const bytes = Buffer.from(document.saveToBuffer('compress').asUint8Array())
    document.destroy()
    await refusedAsTooLarge('poster.pdf', bytes, 'The image is 40000 × 40000 pixels (1600 megapixels); PDF images may have at most 225 megapixels.')
  })

  it('B21: pdf.dpi cannot push a page past the pixel limit at render time', async () => {
    const document = new mupdf.PDFDocument()
    document.insertPage(-1, document.addPage([0, 0, 5_000, 5_000], 0, document.addObject({}), '0 0 1 rg 0 0 100 100 re f'))
    const bytes = Buffer.from(document.saveToBuffer('compress').asUint8Array())
    document.destroy()
    const image = await upload(server.client, server.org, 'large.pdf', bytes)
    const rendered = await render(`dynamic/resize-width-100--options-pdf.dpi-1000/${image.hash}.jpg`)
    expect(rendered.status).toBe(400)
    expect(errorOf(rendered).message).toMatch(/^The image is 69445 × 69445 pixels .*PDF images may have at most 225 megapixels\.$/)
  })

  it('B14: a HEIF grid of 10,000 tiles is refused before any tile is decoded, and nothing is stored', async () => {
    const before = (await server.client.sourceimages.list(server.org)).body.total
    const refused = await failure(server.client.sourceimages.create(server.org, 'grid.heic', heifGridFile(10_000)), 400)
    expect(refused.body.message).toBe('The HEIC image is a grid of 10000 tiles; Darkroom decodes at most 2048.')
    expect((await server.client.sourceimages.list(server.org)).body.total).toBe(before)
  })

  it('B14: an AVIF grid of 5,000 tiles is refused the same way (sharp would hand it to libheif)', async () => {
    await refusedAsTooLarge('grid.avif', heifGridFile(5_000, 'avif'), 'The AVIF image is a grid of 5000 tiles; Darkroom decodes at most 2048.')
  })
})

describe('GET /', () => {
  it('lists the formats Darkroom reads and writes', async () => {
    const res = await server.client.request('')
    expect(res.body.formats).toEqual({
      read: ['png', 'jpg', 'gif', 'webp', 'avif', 'tiff', 'svg', 'heic', 'jxl', 'psd', 'pdf', 'eps'],
      write: ['jpg', 'png', 'webp', 'gif', 'avif', 'jxl', 'tiff', 'blur']
    })
  })
})
