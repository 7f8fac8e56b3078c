import type { RasterPage } from './page-map'
import type { Random } from './seeded-random'

/** Moves colour channel `channel` of every pixel `dx` pixels sideways (edges repeat). */
const shiftChannel = (page: RasterPage, out: Buffer, channel: number, dx: number): void => {
  const { width, height, channels, data } = page
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = Math.min(width - 1, Math.max(0, x - dx))
      out[(y * width + x) * channels + channel] = data[(y * width + from) * channels + channel] ?? 0
    }
  }
}

/** Slides rows `top`…`top + rows` by `dx` pixels, wrapping around, like a torn video line. */
const slideRows = (out: Buffer, page: RasterPage, top: number, rows: number, dx: number): void => {
  const rowBytes = page.width * page.channels
  const shift = ((dx % page.width) + page.width) % page.width
  if (shift === 0) return
  const cut = (page.width - shift) * page.channels
  for (let y = top; y < Math.min(page.height, top + rows); y += 1) {
    const row = Buffer.from(out.subarray(y * rowBytes, (y + 1) * rowBytes))
    row.copy(out, y * rowBytes + shift * page.channels, 0, cut)
    row.copy(out, y * rowBytes, cut, rowBytes)
  }
}

/** Copies a block of `out` to another place, as a misplaced chunk of image data would land. */
const displaceBlock = (out: Buffer, page: RasterPage, random: Random, scale: number): void => {
  const { width, height, channels } = page
  const w = Math.max(1, Math.round(width * random.range(0.05, 0.1 + 0.02 * scale)))
  const h = Math.max(1, Math.round(height * random.range(0.01, 0.02 + 0.01 * scale)))
  const sx = random.int(0, Math.max(0, width - w))
  const sy = random.int(0, Math.max(0, height - h))
  const dx = random.int(0, Math.max(0, width - w))
  const dy = random.int(0, Math.max(0, height - h))
  const block = Buffer.alloc(w * h * channels)
  for (let y = 0; y < h; y += 1) {
    const start = ((sy + y) * width + sx) * channels
    out.copy(block, y * w * channels, start, start + w * channels)
  }
  for (let y = 0; y < h; y += 1) {
    block.copy(out, ((dy + y) * width + dx) * channels, y * w * channels, (y + 1) * w * channels)
  }
}

/** Swaps the red and blue bytes of a band of rows, as misread colour data looks. */
const swapColours = (out: Buffer, page: RasterPage, top: number, rows: number): void => {
  const { width, channels } = page
  for (let y = top; y < Math.min(page.height, top + rows); y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * channels
      const red = out[i] ?? 0
      out[i] = out[i + 2] ?? 0
      out[i + 2] = red
    }
  }
}

/**
 * A glitched copy of `page`, `amount` (1–10) strong, with every choice drawn from `random`:
 * red and blue channels pulled apart, bands of rows slid sideways, blocks copied out of place
 * and, from amount 5, bands with red and blue swapped. Alpha is left alone.
 */
export const glitchPage = (page: RasterPage, amount: number, random: Random): RasterPage => {
  const { width, height, channels } = page
  const out = Buffer.from(page.data)
  const colour = channels >= 3
  if (colour) {
    const dx = Math.max(1, Math.round(width * 0.004 * amount * random.range(0.5, 1.5)))
    shiftChannel(page, out, 0, dx)
    shiftChannel(page, out, 2, -dx)
  }
  for (let i = 0; i < amount * 2; i += 1) {
    const rows = random.int(1, Math.max(1, Math.round(height * 0.004 * amount)))
    const dx = Math.round(random.gaussian() * width * 0.02 * amount)
    slideRows(out, page, random.int(0, height - 1), rows, dx)
  }
  for (let i = 0; i < amount; i += 1) displaceBlock(out, page, random, amount)
  if (colour) {
    for (let i = 0; i < Math.floor(amount / 2) - 1; i += 1) {
      const rows = random.int(1, Math.max(1, Math.round(height * 0.02)))
      swapColours(out, page, random.int(0, height - 1), rows)
    }
  }
  return { ...page, data: out }
}
