import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants, crc32, createDeflate, deflateSync } from 'node:zlib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { probeImage } from './probe'
import type { ProbeLimits } from './probe'
import { SNIFF_HEAD_BYTES, sniffFormat } from './sniff'

let dir = ''
let fileCount = 0

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-probe-'))
  // Loads libvips and its loaders so that timing assertions measure the probe alone.
  await probeBytes(await sharp(solid(4, 4)).png().toBuffer())
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const save = async (data: Buffer, name = `f${(fileCount += 1)}`): Promise<string> => {
  const file = join(dir, name)
  await writeFile(file, data)
  return file
}

const probeBytes = async (data: Buffer, limits?: ProbeLimits) =>
  probeImage(await save(data), sniffFormat(data.subarray(0, SNIFF_HEAD_BYTES)), limits)

const expectAppError = async (
  work: Promise<unknown>,
  expected: { code: string; message: string }
): Promise<void> => {
  const error: unknown = await work.then(
    () => new Error('expected the probe to fail'),
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(AppError)
  expect(error).toMatchObject({ status: 400, ...expected })
}

interface Rgba {
  r: number
  g: number
  b: number
  alpha: number
}

const BLUE: Rgba = { r: 40, g: 90, b: 160, alpha: 1 }
const RED: Rgba = { r: 255, g: 0, b: 0, alpha: 1 }
const CLEAR: Rgba = { r: 0, g: 0, b: 0, alpha: 0 }

const solid = (width: number, height: number, background: Rgba = BLUE) => ({
  create: { width, height, channels: 4 as const, background }
})

const noise = (width: number, height: number) => ({
  create: {
    width,
    height,
    channels: 3 as const,
    background: '#808080',
    noise: { type: 'gaussian' as const, mean: 128, sigma: 60 }
  }
})

const frames = async (count: number): Promise<Buffer[]> =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      sharp(solid(40, 30, { ...RED, g: 80 * i }))
        .png()
        .toBuffer()
    )
  )

/** Deterministic "random" bytes, so that decoder messages stay the same from run to run. */
const pseudoRandom = (length: number, seed: number): Buffer => {
  const out = Buffer.alloc(length)
  let state = seed
  for (let i = 0; i < length; i += 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    out[i] = state >>> 16
  }
  return out
}

const pngChunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'latin1')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** A PNG made by hand: 8-bit greyscale (colour type 0) with the given compressed pixel data. */
const handmadePng = (width: number, height: number, idat: Buffer): Buffer => {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

/** Deflates `height` all-black rows without holding the raw image in memory. */
const blackRows = async (width: number, height: number): Promise<Buffer> => {
  const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION })
  const parts: Buffer[] = []
  deflate.on('data', (part: Buffer) => parts.push(part))
  const finished = new Promise((resolve) => deflate.on('end', resolve))
  const row = Buffer.alloc(width + 1)
  for (let y = 0; y < height; y += 1) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await finished
  return Buffer.concat(parts)
}

describe('probeImage: facts', () => {
  it('measures a JPEG of noise: size, opaque, high entropy', async () => {
    const facts = await probeBytes(await sharp(noise(300, 200)).jpeg().toBuffer())
    expect(facts).toMatchObject({
      format: 'jpg',
      mimetype: 'image/jpeg',
      width: 300,
      height: 200,
      animated: false,
      opaque: true
    })
    expect(facts.entropy).toBeGreaterThan(6)
    expect(facts.entropy).toBe(Math.round(facts.entropy * 100) / 100)
  })

  it('gives a flat image an entropy of 0', async () => {
    const facts = await probeBytes(await sharp(solid(500, 400)).png().toBuffer())
    expect(facts).toMatchObject({ format: 'png', width: 500, height: 400, entropy: 0 })
  })

  it('calls an image with an alpha channel opaque only when every alpha is 255', async () => {
    const full = await probeBytes(await sharp(solid(64, 48)).png().toBuffer())
    expect(full.opaque).toBe(true)
    const half = solid(64, 48, { ...BLUE, alpha: 0.5 })
    expect((await probeBytes(await sharp(half).png().toBuffer())).opaque).toBe(false)
  })

  it('finds a small transparent patch away from the first pixel', async () => {
    const hole = await sharp(solid(24, 24, CLEAR))
      .png()
      .toBuffer()
    const image = await sharp(solid(400, 300))
      .composite([{ input: hole, left: 300, top: 200, blend: 'source' }])
      .png()
      .toBuffer()
    expect((await probeBytes(image)).opaque).toBe(false)
  })

  it.each(['gif', 'webp'] as const)('marks a %s with several frames animated', async (format) => {
    const animated = await sharp(await frames(3), { join: { animated: true } })
      .toFormat(format)
      .toBuffer()
    const facts = await probeBytes(animated)
    expect(facts).toMatchObject({ format, width: 40, height: 30, animated: true })
    expect(facts.staticMetadata.pages).toBe(3)
    const still = await sharp(solid(40, 30)).toFormat(format).toBuffer()
    const stillFacts = await probeBytes(still)
    expect(stillFacts.animated).toBe(false)
    expect(stillFacts.staticMetadata.pages).toBeUndefined()
  })

  it('records the pages of a multi-page TIFF without calling it animated', async () => {
    const tiff = await sharp(await frames(3), { join: { animated: true } })
      .tiff()
      .toBuffer()
    const facts = await probeBytes(tiff)
    expect(facts).toMatchObject({ format: 'tiff', width: 40, height: 30, animated: false })
    expect(facts.staticMetadata.pages).toBe(3)
  })

  it.each([
    ['avif', 'image/avif'],
    ['tiff', 'image/tiff'],
    ['webp', 'image/webp'],
    ['gif', 'image/gif']
  ] as const)('reads %s', async (format, mimetype) => {
    const facts = await probeBytes(await sharp(solid(90, 70)).toFormat(format).toBuffer())
    expect(facts).toMatchObject({ format, mimetype, width: 90, height: 70, animated: false })
  })

  it('reports the stored size of a rotated JPEG and keeps the orientation aside', async () => {
    const rotated = await sharp(noise(300, 200))
      .jpeg()
      .withMetadata({ orientation: 6, density: 300 })
      .withIccProfile('srgb')
      .toBuffer()
    const facts = await probeBytes(rotated)
    expect(facts).toMatchObject({ width: 300, height: 200 })
    expect(facts.staticMetadata).toEqual({ exif_orientation: 6, icc: true, density: 300 })
  })

  it('decodes a large JPEG cheaply thanks to shrink-on-load', async () => {
    const facts = await probeBytes(await sharp(solid(6000, 4000)).jpeg().toBuffer())
    expect(facts).toMatchObject({ width: 6000, height: 4000, entropy: 0 })
  })

  it('reads an SVG from its width and height, or its viewBox', async () => {
    const sized = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><circle cx="60" cy="40" r="30"/></svg>'
    )
    expect(await probeBytes(sized)).toMatchObject({
      format: 'svg',
      mimetype: 'image/svg+xml',
      width: 120,
      height: 80,
      opaque: false,
      animated: false
    })
    const boxed = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 20"><rect width="30" height="20" fill="#0a0"/></svg>'
    )
    expect(await probeBytes(boxed)).toMatchObject({
      width: 30,
      height: 20,
      opaque: true,
      entropy: 0
    })
  })
})

describe('probeImage: refusals', () => {
  it('refuses an empty file', async () => {
    await expectAppError(probeBytes(Buffer.alloc(0)), {
      code: 'invalid_image',
      message: 'The file is empty.'
    })
  })

  it('refuses bytes that are no known image, whatever the name', async () => {
    const text = Buffer.from('<!DOCTYPE html><html><body>hello</body></html>')
    const file = await save(text, 'photo.jpg')
    await expectAppError(probeImage(file, sniffFormat(text)), {
      code: 'invalid_image',
      message:
        'The file is not an image Darkroom can read; upload PNG, JPEG, GIF, WebP, AVIF, TIFF, SVG, HEIC/HEIF, JPEG XL, PSD/PSB, PDF or EPS.'
    })
  })

  it('refuses a JPEG cut at 50%', async () => {
    const jpeg = await sharp(noise(300, 200)).jpeg().toBuffer()
    await expectAppError(probeBytes(jpeg.subarray(0, Math.floor(jpeg.length / 2))), {
      code: 'invalid_image',
      message: 'The JPEG file is truncated or damaged (premature end of JPEG image).'
    })
  })

  it('refuses a PNG whose IDAT checksum is wrong', async () => {
    const png = Buffer.from(await sharp(noise(300, 200)).png().toBuffer())
    const idat = png.indexOf('IDAT')
    const crcAt = idat + 4 + png.readUInt32BE(idat - 4)
    png.writeUInt32BE((png.readUInt32BE(crcAt) ^ 0xffffffff) >>> 0, crcAt)
    await expectAppError(probeBytes(png), {
      code: 'invalid_image',
      message: 'The PNG file is truncated or damaged (IDAT: CRC error).'
    })
  })

  it('refuses a PNG whose IHDR checksum is wrong', async () => {
    const png = Buffer.from(await sharp(solid(30, 20)).png().toBuffer())
    // The IHDR CRC follows the 8-byte signature, the 8-byte chunk head and 13 bytes of data.
    png.writeUInt32BE((png.readUInt32BE(29) ^ 0xffffffff) >>> 0, 29)
    await expectAppError(probeBytes(png), {
      code: 'invalid_image',
      message: 'The PNG file is truncated or damaged (IHDR: CRC error).'
    })
  })

  it.each([
    ['png', 'The PNG file is truncated or damaged (not enough data).'],
    ['gif', 'The GIF file is truncated or damaged (Unexpected end of GIF source data).'],
    ['webp', 'The WebP file is truncated or damaged (unable to parse image).'],
    ['tiff', 'The TIFF file is truncated or damaged (its header cannot be read).']
  ] as const)('refuses a %s cut in half', async (format, message) => {
    const encoded = await sharp(noise(300, 200)).toFormat(format).toBuffer()
    const cut = encoded.subarray(0, Math.floor(encoded.length / 2))
    await expectAppError(probeBytes(cut), { code: 'invalid_image', message })
  })

  it('refuses an AVIF cut at 50%', async () => {
    const avif = await sharp(noise(300, 200)).avif().toBuffer()
    const error: unknown = await probeBytes(avif.subarray(0, Math.floor(avif.length / 2))).catch(
      (caught: unknown) => caught
    )
    expect(error).toMatchObject({ code: 'invalid_image', status: 400 })
    expect((error as Error).message).toMatch(/^The AVIF file is truncated or damaged \(.+\)\.$/)
  })

  it('refuses a GIF whose frame is far larger than its logical screen', async () => {
    const gif = Buffer.from(await sharp(solid(4, 4)).gif().toBuffer())
    gif.writeUInt16LE(1, 6)
    gif.writeUInt16LE(1, 8)
    const descriptor = gif.indexOf(0x2c, 13)
    gif.writeUInt16LE(60_000, descriptor + 5)
    gif.writeUInt16LE(60_000, descriptor + 7)
    await expectAppError(probeBytes(gif), {
      code: 'image_too_large',
      message:
        'The image is 60000 × 60000 pixels (3600 megapixels); GIF images may have at most 225 megapixels.'
    })
  })

  it('refuses random bytes behind a JPEG signature', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), pseudoRandom(5000, 42)])
    await expectAppError(probeBytes(fake), {
      code: 'invalid_image',
      message: 'The JPEG file is truncated or damaged (Unsupported marker type 0x89).'
    })
  })

  it('refuses a file whose contents are another format than sniffed', async () => {
    const png = await sharp(solid(10, 10)).png().toBuffer()
    const file = await save(png)
    const jpegSniff = sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))
    await expectAppError(probeImage(file, jpegSniff), {
      code: 'invalid_image',
      message: 'The file starts like a JPEG file but is not one.'
    })
  })

  it('refuses a small single-colour PNG declaring 20000 × 20000 before decoding it', async () => {
    const png = handmadePng(20_000, 20_000, await blackRows(20_000, 20_000))
    expect(png.length).toBeLessThan(1_000_000)
    const started = performance.now()
    await expectAppError(probeBytes(png), {
      code: 'image_too_large',
      message:
        'The image is 20000 × 20000 pixels (400 megapixels); PNG images may have at most 225 megapixels.'
    })
    expect(performance.now() - started).toBeLessThan(250)
  })

  it('refuses a 65535 × 65535 PNG header in under 100 ms', async () => {
    const file = await save(handmadePng(65_535, 65_535, deflateSync(Buffer.alloc(16))))
    const sniffed = sniffFormat(handmadePng(1, 1, Buffer.alloc(0)))
    const started = performance.now()
    await expectAppError(probeImage(file, sniffed), {
      code: 'image_too_large',
      message:
        'The image is 65535 × 65535 pixels (4294.8 megapixels); PNG images may have at most 225 megapixels.'
    })
    expect(performance.now() - started).toBeLessThan(100)
  })

  it('applies a configured pixel limit to PNG but the JPEG cap to JPEG', async () => {
    const png = await sharp(solid(400, 300)).png().toBuffer()
    await expectAppError(probeBytes(png, { maxPixels: 100_000 }), {
      code: 'image_too_large',
      message:
        'The image is 400 × 300 pixels (0.1 megapixels); PNG images may have at most 0.1 megapixels.'
    })
    const jpeg = await sharp(solid(400, 300)).jpeg().toBuffer()
    expect((await probeBytes(jpeg, { maxPixels: 100_000 })).width).toBe(400)
    await expectAppError(probeBytes(jpeg, { maxPixelsJpegWebp: 100_000 }), {
      code: 'image_too_large',
      message:
        'The image is 400 × 300 pixels (0.1 megapixels); JPEG images may have at most 0.1 megapixels.'
    })
  })
})

describe('probeImage: SVG', () => {
  let server: Server
  let port = 0
  let connections = 0

  beforeAll(async () => {
    server = createServer((socket) => {
      connections += 1
      socket.destroy()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('loads no external resource, over the network or from disk', async () => {
    const url = `http://127.0.0.1:${port}`
    await save(
      await sharp(solid(8, 8, RED))
        .png()
        .toBuffer(),
      'secret.png'
    )
    const svg = Buffer.from(`<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:xi="http://www.w3.org/2001/XInclude" width="64" height="64">
  <style>@import url("${url}/style.css");</style>
  <image href="${url}/a.png" width="64" height="64"/>
  <image xlink:href="${url}/b.png" width="64" height="64"/>
  <image href="secret.png" width="64" height="64"/>
  <image href="file://${join(dir, 'secret.png')}" width="64" height="64"/>
  <use href="${url}/sprite.svg#icon"/>
  <xi:include href="${url}/part.xml" parse="text"/>
  <filter id="f"><feImage href="${url}/fe.png"/></filter>
  <rect width="64" height="64" filter="url(#f)" fill="url(${url}/paint.svg#p)"/>
</svg>`)
    const facts = await probeBytes(svg)
    expect(connections).toBe(0)
    // Had any image loaded, the opaque red secret or a fetched picture would cover the canvas.
    expect(facts).toMatchObject({ width: 64, height: 64, opaque: false, entropy: 0 })
  })

  it('refuses an external entity without fetching it', async () => {
    const svg = Buffer.from(`<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY ext SYSTEM "http://127.0.0.1:${port}/entity"> ]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&ext;</text></svg>`)
    const error: unknown = await probeBytes(svg).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'invalid_image', status: 400 })
    expect((error as Error).message).toMatch(
      /^The SVG file is not valid \(.*Entity 'ext' not defined/
    )
    expect(connections).toBe(0)
  })

  it.each([
    ['no size and nothing drawn', '<svg xmlns="http://www.w3.org/2000/svg"></svg>'],
    ['zero size', '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"><rect/></svg>'],
    ['percent size, empty', '<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%"/>']
  ])('refuses an SVG with %s', async (_, text) => {
    await expectAppError(probeBytes(Buffer.from(text)), {
      code: 'invalid_image',
      message:
        'The SVG has no usable size; give its root <svg> element a width and height or a viewBox.'
    })
  })

  it('refuses malformed SVG', async () => {
    const error: unknown = await probeBytes(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect')
    ).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'invalid_image', status: 400 })
    expect((error as Error).message).toMatch(
      /^The SVG file is not valid \(XML parse error: .+\)\.$/
    )
  })

  it('applies the pixel limit to the declared size', async () => {
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>'
    await expectAppError(probeBytes(Buffer.from(huge)), {
      code: 'image_too_large',
      message:
        'The image is 100000 × 100000 pixels (10000 megapixels); SVG images may have at most 225 megapixels.'
    })
  })

  it('gives up on a render that exceeds the time limit', async () => {
    const layers = '<rect width="256" height="256" filter="url(#t)" opacity="0.5"/>'.repeat(150)
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><filter id="t" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.05" numOctaves="10"/></filter>${layers}</svg>`
    )
    const started = performance.now()
    await expectAppError(probeBytes(svg, { timeoutMs: 500 }), {
      code: 'image_too_large',
      message:
        'Decoding the image took longer than 0.5 s; it is too complex for Darkroom to process.'
    })
    expect(performance.now() - started).toBeLessThan(2_500)
  })
})
