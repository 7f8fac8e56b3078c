import sharp from 'sharp'

/** A noisy opaque JPEG; a different `seed` gives different bytes (and so a different binary hash). */
export const makeJpeg = (width: number, height: number, seed = 1): Promise<Buffer> =>
  sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: (seed * 53) % 256 },
      noise: { type: 'gaussian', mean: (seed * 29) % 200, sigma: 30 }
    }
  })
    .jpeg({ quality: 80 })
    .toBuffer()

/** A PNG whose left half is fully transparent. */
export const makePngWithAlpha = async (width: number, height: number): Promise<Buffer> => {
  const pixels = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      pixels[i] = 200
      pixels[i + 1] = (x * 5) % 256
      pixels[i + 2] = (y * 7) % 256
      pixels[i + 3] = x < width / 2 ? 0 : 255
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer()
}

/** An animated GIF of `frames` frames of `width` × `height`, each a different colour. */
export const makeAnimatedGif = async (
  width: number,
  height: number,
  frames = 3
): Promise<Buffer> => {
  const colours = ['#d02020', '#20a040', '#2040d0', '#e0c020']
  const images = await Promise.all(
    Array.from({ length: frames }, (_, i) =>
      sharp({
        create: { width, height, channels: 3, background: colours[i % colours.length] ?? '#000' }
      })
        .png()
        .toBuffer()
    )
  )
  return sharp(images, { join: { animated: true } })
    .gif({ loop: 0, delay: Array.from({ length: frames }, () => 100) })
    .toBuffer()
}

/** A small SVG with explicit size (as the `cartman.svg` of rokka.js's fixtures). */
export const makeSvg = (width: number, height: number): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
  `<rect width="${width}" height="${height}" fill="#3a7"/>` +
  `<circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#fff"/>` +
  `</svg>\n`
