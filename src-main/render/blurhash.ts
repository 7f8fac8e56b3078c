import sharp, { type Sharp } from 'sharp'

const BASE83 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~'

/** rokka's `.blur` strings have 28 characters: 4 × 3 components. */
const COMPONENTS_X = 4
const COMPONENTS_Y = 3
/** The hash only keeps the lowest frequencies; a small copy gives the same string much faster. */
const SAMPLE_SIDE = 64

const base83 = (value: number, length: number): string => {
  let text = ''
  for (let i = 1; i <= length; i++) {
    text += BASE83[Math.floor(value / 83 ** (length - i)) % 83]
  }
  return text
}

const toLinear = (value: number): number => {
  const v = value / 255
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
}

const toSrgb = (value: number): number => {
  const v = Math.max(0, Math.min(1, value))
  const encoded = v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055
  return Math.trunc(encoded * 255 + 0.5)
}

const signedRoot = (value: number): number => Math.sign(value) * Math.sqrt(Math.abs(value))

/** The BlurHash (woltapp/blurhash) of RGB(A) pixels. */
export const blurHashOfPixels = (
  pixels: Buffer,
  width: number,
  height: number,
  channels: number
): string => {
  const linear = new Float64Array(width * height * 3)
  for (let i = 0, p = 0; i < linear.length; i += 3, p += channels) {
    linear[i] = toLinear(pixels[p] as number)
    linear[i + 1] = toLinear(pixels[p + 1] as number)
    linear[i + 2] = toLinear(pixels[p + 2] as number)
  }
  const factors: [number, number, number][] = []
  for (let cy = 0; cy < COMPONENTS_Y; cy++) {
    for (let cx = 0; cx < COMPONENTS_X; cx++) {
      const normalisation = cx === 0 && cy === 0 ? 1 : 2
      let r = 0
      let g = 0
      let b = 0
      for (let y = 0; y < height; y++) {
        const rowBasis = Math.cos((Math.PI * cy * y) / height)
        for (let x = 0; x < width; x++) {
          const basis = normalisation * Math.cos((Math.PI * cx * x) / width) * rowBasis
          const i = (y * width + x) * 3
          r += basis * (linear[i] as number)
          g += basis * (linear[i + 1] as number)
          b += basis * (linear[i + 2] as number)
        }
      }
      const scale = 1 / (width * height)
      factors.push([r * scale, g * scale, b * scale])
    }
  }
  const [dc, ...ac] = factors as [[number, number, number], ...[number, number, number][]]
  let hash = base83(COMPONENTS_X - 1 + (COMPONENTS_Y - 1) * 9, 1)
  const largest = Math.max(...ac.flatMap((factor) => factor.map(Math.abs)))
  const quantisedMaximum = Math.floor(Math.max(0, Math.min(82, Math.floor(largest * 166 - 0.5))))
  const maximum = (quantisedMaximum + 1) / 166
  hash += base83(quantisedMaximum, 1)
  hash += base83((toSrgb(dc[0]) << 16) + (toSrgb(dc[1]) << 8) + toSrgb(dc[2]), 4)
  for (const factor of ac) {
    const [r, g, b] = factor.map((value) =>
      Math.floor(Math.max(0, Math.min(18, Math.floor(signedRoot(value / maximum) * 9 + 9.5))))
    ) as [number, number, number]
    hash += base83(r * 19 * 19 + g * 19 + b, 2)
  }
  return hash
}

/** rokka's `.blur` answer: the BlurHash of the rendered image, with the image's size. */
export const blurHashOf = async (
  image: Sharp
): Promise<{ hash: string; width: number; height: number }> => {
  const { data, info } = await image
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
  const { width, height, channels } = info
  const small = await sharp(data, { raw: { width, height, channels } })
    .resize(SAMPLE_SIDE, SAMPLE_SIDE, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true })
  const hash = blurHashOfPixels(small.data, small.info.width, small.info.height, small.info.channels)
  return { hash, width, height }
}
