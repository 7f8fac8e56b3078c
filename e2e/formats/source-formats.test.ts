import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { imageDistance } from '../../src-main/engine/testing/images'
import { facts, get, upload, type Rendered } from '../api/render-http'
import { failure, sha1, useApiServer } from '../api/server'
import type { SourceImage } from '../../src-shared/api/sourceimages'
import { epsFile, hasGhostscript, heicFile, jxlFile, pdfFile, psdFile, referencePng } from './format-files'

/** Mean difference (0–255) a lossy round trip may leave on the reference picture. */
const SIMILAR = 8

const server = useApiServer()

let reference: Buffer
let ghostscript = false
beforeAll(async () => {
  reference = await referencePng()
  ghostscript = await hasGhostscript()
})

const render = (path: string, headers: Record<string, string> = {}): Promise<Rendered> =>
  get(server, `${server.url}/render/${server.org}/${path}`, headers)

/** Uploads `bytes` over the API, then checks what was stored and that it renders. */
const uploadAndRender = async (
  name: string,
  bytes: Buffer,
  expected: { format: string; mimetype: string; width: number; height: number }
) => {
  const image = await upload(server.client, server.org, name, bytes)
  expect(image).toMatchObject({ ...expected, size: bytes.length })
  const original = await get(server, `${server.url}/sourceimages/${server.org}/${image.hash}/download`, {
    'api-key': server.credentials.api_key
  })
  // stored exactly as uploaded
  expect(original.body.equals(bytes)).toBe(true)

  const whole = await render(`dynamic/noop/${image.hash}.jpg`)
  expect(whole.status, whole.body.toString().slice(0, 300)).toBe(200)
  expect(whole.headers['content-type']).toBe('image/jpeg')
  expect(await facts(whole.body)).toMatchObject({ format: 'jpeg', width: expected.width, height: expected.height })
  expect(await imageDistance(whole.body, reference)).toBeLessThan(SIMILAR)

  // the decoded pixels go through the ordinary operations
  const turned = await render(`dynamic/resize-width-60--rotate-angle-90--grayscale/${image.hash}.jpg`)
  expect(turned.status).toBe(200)
  expect(await facts(turned.body)).toMatchObject({ width: 40, height: 60 })
  const expectedTurn = await sharp(reference).resize(60).rotate(90).grayscale().png().toBuffer()
  expect(await imageDistance(turned.body, expectedTurn)).toBeLessThan(SIMILAR)
  return image
}

/** Uploads a damaged file: a 400 with a message naming the format; nothing is stored. */
const refuses = async (name: string, bytes: Buffer, message: RegExp) => {
  const before = (await server.client.sourceimages.list(server.org)).body.total
  const refused = await failure(server.client.sourceimages.create(server.org, name, bytes), 400)
  expect(refused.body.message).toMatch(message)
  expect((await server.client.sourceimages.list(server.org)).body.total).toBe(before)
}

describe('source formats sharp cannot read', () => {
  it('HEIC (HEVC, made by heif-enc) uploads as heic and renders', async () => {
    await uploadAndRender('photo.heic', await heicFile(), { format: 'heic', mimetype: 'image/heic', width: 120, height: 80 })
  })

  it('B21: JPEG XL, as a bare codestream and in its container, uploads as jxl and renders', async () => {
    for (const container of [false, true]) {
      const bytes = await jxlFile(reference, container)
      await uploadAndRender(`photo-${container}.jxl`, bytes, { format: 'jxl', mimetype: 'image/jxl', width: 120, height: 80 })
    }
  })

  it('B21: PSD and PSB upload as psd and render their flattened composite', async () => {
    for (const psb of [false, true]) {
      const bytes = await psdFile(reference, psb)
      await uploadAndRender(`layers-${psb}.psd`, bytes, {
        format: 'psd',
        mimetype: 'image/vnd.adobe.photoshop',
        width: 120,
        height: 80
      })
    }
  })

  it('B21: PDF uploads as pdf, sized as its first page renders (200 dpi, doubled below 1000 px)', async () => {
    // 120 points at 400 dpi
    const image = await uploadAndRender('document.pdf', pdfFile(reference), {
      format: 'pdf',
      mimetype: 'application/pdf',
      width: 667,
      height: 445
    })
    expect(image.static_metadata).toMatchObject({ pages: 2 })
  })

  it('B21: EPS uploads as eps and renders through Ghostscript', async (context) => {
    if (!ghostscript) {
      if (process.env.CI) throw new Error('Ghostscript (gs) must be installed in CI; .ci/run installs it')
      console.warn('EPS render test skipped: Ghostscript (gs) is not installed on this machine')
      context.skip()
    }
    await uploadAndRender('drawing.eps', await epsFile(reference), {
      format: 'eps',
      mimetype: 'application/postscript',
      width: 120,
      height: 80
    })
  })

  it('B21: Ghostscript draws an EPS without file access: reading a file outside it, or in the temporary directory, fails', async (context) => {
    if (!ghostscript) {
      if (process.env.CI) throw new Error('Ghostscript (gs) must be installed in CI; .ci/run installs it')
      context.skip()
    }
    // Ghostscript's SAFER mode still lets a drawing read its temporary directory, so the server's
    // own temporary directory (where other programs leave files) is tried as well as Node's
    // executable, a file that exists everywhere.
    const planted = join(tmpdir(), `darkroom-b21-${process.pid}-${Date.now()}.txt`)
    await writeFile(planted, 'not for drawings')
    try {
      for (const [label, target] of [
        ['outside', process.execPath],
        ['temporary directory', planted]
      ] as const) {
        // green when opening the file is refused, red when the drawing could read it
        const eps = Buffer.from(
          [
            '%!PS-Adobe-3.0 EPSF-3.0',
            '%%BoundingBox: 0 0 20 20',
            `%%Title: ${label}`,
            '%%EndComments',
            `{ (${target.replaceAll('\\', '/')}) (r) file closefile } stopped { 0 1 0 } { 1 0 0 } ifelse setrgbcolor`,
            '0 0 20 20 rectfill',
            'showpage',
            ''
          ].join('\n')
        )
        const image = await upload(server.client, server.org, `reads-file-${label}.eps`, eps)
        const rendered = await render(`dynamic/noop/${image.hash}.png`)
        expect(rendered.status, rendered.body.toString().slice(0, 300)).toBe(200)
        const { data } = await sharp(rendered.body).removeAlpha().raw().toBuffer({ resolveWithObject: true })
        const [red = 0, green = 0] = data
        expect({ red: red > 128, green: green > 128 }, `the drawing opened a file (${label})`).toEqual({ red: false, green: true })
      }
    } finally {
      await rm(planted, { force: true })
    }
  })

  it('B21: optimize_source converts a PSD: lossless PNG for true, JPEG for "jpg"; the binary hash stays the upload\'s', async () => {
    for (const [mode, format, mimetype] of [
      [true, 'png', 'image/png'],
      ['jpg', 'jpg', 'image/jpeg']
    ] as const) {
      // a layer name of its own, or the second upload would be the first image again
      const psd = await psdFile(reference, false, `Picture ${mode}`)
      const res = await server.client.sourceimages.create(server.org, `optimised-${mode}.psd`, psd, null, {
        // rokka.js types the option as a boolean; the API also takes "jpg" and "png"
        optimize_source: mode as boolean
      })
      const image = res.body.items[0] as SourceImage
      expect(image).toMatchObject({ format, mimetype, width: 120, height: 80, binary_hash: sha1(psd) })
      const stored = (await server.client.sourceimages.downloadAsBuffer(server.org, image.hash)).body
      expect((await sharp(stored).metadata()).format).toBe(format === 'jpg' ? 'jpeg' : 'png')
      const distance = await imageDistance(stored, reference)
      if (format === 'png') expect(distance).toBe(0)
      else expect(distance).toBeLessThan(SIMILAR)
    }
  })

  it('a HEIC, JPEG XL or PSD source can be the secondary image of a composition', async () => {
    const base = await upload(server.client, server.org, 'grey.png', await sharp({ create: { width: 240, height: 80, channels: 3, background: '#808080' } }).png().toBuffer())
    for (const bytes of [await heicFile(), await jxlFile(reference), await psdFile(reference, false, 'Overlay')]) {
      const overlay = await upload(server.client, server.org, 'overlay', bytes)
      const rendered = await render(`dynamic/composition-mode-background-anchor-left_top-secondary_image-${overlay.hash}/${base.hash}.png`)
      expect(rendered.status, rendered.body.toString().slice(0, 300)).toBe(200)
      expect(await facts(rendered.body)).toMatchObject({ width: 240, height: 80 })
      const left = await sharp(rendered.body).extract({ left: 0, top: 0, width: 120, height: 80 }).png().toBuffer()
      expect(await imageDistance(left, reference)).toBeLessThan(SIMILAR)
    }
  })

  it('a multi-page TIFF renders its first page', async () => {
    const second = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#808080' } }).png().toBuffer()
    const pages = await sharp([reference, second], { join: { animated: true } }).tiff().toBuffer()
    const image = await upload(server.client, server.org, 'pages.tiff', pages)
    const rendered = await render(`dynamic/noop/${image.hash}.jpg`)
    expect(rendered.status).toBe(200)
    expect(await imageDistance(rendered.body, reference)).toBeLessThan(SIMILAR)
  })
})

describe('damaged files answer 400 and store nothing', () => {
  it('HEIC cut in half', async () => {
    const heic = await heicFile()
    await refuses('cut.heic', heic.subarray(0, heic.length >> 1), /^The HEIC file is truncated or damaged/)
  })

  it('B21: JPEG XL cut after its header', async () => {
    const jxl = await jxlFile(reference)
    await refuses('cut.jxl', jxl.subarray(0, 24), /^The JPEG XL file is truncated or damaged/)
  })

  it('B21: PSD cut in its image data', async () => {
    const psd = await psdFile(reference)
    await refuses('cut.psd', psd.subarray(0, psd.length - 400), /^The PSD file is truncated or damaged/)
  })

  it('B21: PDF with no document in it', async () => {
    await refuses('broken.pdf', Buffer.from('%PDF-1.7\nthis is no PDF at all\n%%EOF\n'), /^The PDF file/)
  })

  it('B21: EPS that is not PostScript, and EPS without a bounding box', async () => {
    const noBox = Buffer.from('%!PS-Adobe-3.0 EPSF-3.0\n%%EndComments\nshowpage\n')
    await refuses('nobox.eps', noBox, /^The EPS file has no usable %%BoundingBox/)
    if (!ghostscript) return
    const garbage = Buffer.from('%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 50 50\n%%EndComments\n{{{ not ] postscript\n')
    await refuses('garbage.eps', garbage, /^The EPS file cannot be drawn/)
  })
})
