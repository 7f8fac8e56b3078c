import sharp, { type Sharp } from 'sharp'
import { RenderContext, type SourceInfo, type RenderResources } from '../context'

/** A test image: quadrants of four colours, so position-changing operations show. */
export const makeQuadrants = async (
  width: number,
  height: number,
  colours: [string, string, string, string] = ['#ff0000', '#00ff00', '#0000ff', '#ffff00'],
  format: 'png' | 'jpeg' | 'webp' = 'png'
): Promise<Buffer> => {
  const halfW = Math.floor(width / 2)
  const halfH = Math.floor(height / 2)
  const tile = (w: number, h: number, colour: string) =>
    sharp({ create: { width: w, height: h, channels: 3, background: colour } }).png().toBuffer()
  const base = sharp({ create: { width, height, channels: 3, background: '#000' } })
  const composed = base.composite([
    { input: await tile(halfW, halfH, colours[0]), left: 0, top: 0 },
    { input: await tile(width - halfW, halfH, colours[1]), left: halfW, top: 0 },
    { input: await tile(halfW, height - halfH, colours[2]), left: 0, top: halfH },
    { input: await tile(width - halfW, height - halfH, colours[3]), left: halfW, top: halfH }
  ])
  const encoded = await composed.png().toBuffer()
  return format === 'png' ? encoded : sharp(encoded)[format]({ quality: 95 }).toBuffer()
}

/** A flat image of one colour (alpha when the colour has it). */
export const makeFlat = (width: number, height: number, colour: string, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: colour } }).png().toBuffer()

const noResources: RenderResources = {
  loadSourceImage: async (hash) => {
    throw new Error(`no source image ${hash} in this test`)
  }
}

/** A render context on `input` as the engine would build it for a stored source. */
export const contextFor = async (
  input: Buffer,
  options: {
    dpr?: number
    source?: Partial<SourceInfo>
    resources?: RenderResources
    animated?: boolean
    signal?: AbortSignal
  } = {}
): Promise<RenderContext> => {
  const meta = await sharp(input).metadata()
  return new RenderContext({
    input,
    dpr: options.dpr ?? 1,
    animated: options.animated ?? false,
    signal: options.signal ?? new AbortController().signal,
    resources: options.resources ?? noResources,
    source: {
      hash: 'a'.repeat(40),
      format: meta.format ?? 'png',
      width: meta.width ?? 0,
      height: meta.pageHeight ?? meta.height ?? 0,
      animated: (meta.pages ?? 1) > 1,
      entropy: null,
      userMetadata: {},
      ...options.source
    }
  })
}

/** Encodes the context's current image as PNG, for comparing. */
export const renderedPng = async (ctx: RenderContext): Promise<Buffer> =>
  (await ctx.finalPipeline()).png().toBuffer()

const fingerprint = async (input: Buffer | Sharp, size: number): Promise<Buffer> => {
  const image = Buffer.isBuffer(input) ? sharp(input) : input.clone()
  return image.flatten({ background: '#808080' }).resize(size, size, { fit: 'fill' }).removeAlpha().raw().toBuffer()
}

/**
 * Mean absolute difference (0–255) between two images after both are scaled to `size`×`size`
 * (transparency flattened on grey): 0 for identical pictures, small for the same picture
 * re-encoded, large for different ones.
 */
export const imageDistance = async (a: Buffer | Sharp, b: Buffer | Sharp, size = 16): Promise<number> => {
  const [fa, fb] = await Promise.all([fingerprint(a, size), fingerprint(b, size)])
  let sum = 0
  for (let i = 0; i < fa.length; i++) sum += Math.abs((fa[i] as number) - (fb[i] as number))
  return sum / fa.length
}

/** Throws unless the two images look alike (distance at most `threshold`, default 6). */
export const assertSimilar = async (
  actual: Buffer | Sharp,
  expected: Buffer | Sharp,
  threshold = 6
): Promise<void> => {
  const distance = await imageDistance(actual, expected)
  if (distance > threshold) {
    throw new Error(`images differ: distance ${distance.toFixed(2)} > ${threshold}`)
  }
}

/** The RGBA value of one pixel of an encoded image. */
export const pixelAt = async (input: Buffer, x: number, y: number): Promise<[number, number, number, number]> => {
  const { data, info } = await sharp(input).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const i = (y * info.width + x) * 4
  return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0]
}
