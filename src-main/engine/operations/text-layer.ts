import sharp, { type CreateText } from 'sharp'
import type { FontFace } from './font-face'
import type { RasterPage } from './page-map'

/** How a text is set, in pixels of the current image. */
export interface TextSetting {
  /** Path of the font file (see `fontFilePath`). */
  fontFile: string
  face: FontFace
  /** Font size. */
  size: number
  /** Width of the text box; lines wrap at it. Unset: one line, as wide as it is. */
  width?: number
  /** Height of the text box: taller text is cut off, shorter text centred vertically in it. */
  height?: number
  /** Extra space between lines. */
  spacing: number
  align: 'left' | 'centre' | 'right'
  /** Choose the font size so that the text fills width × height (needs both). */
  fitToBox: boolean
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;'
}

/** `text` with the characters Pango markup reserves written as entities. */
export const escapeMarkup = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character)

const markupOf = (text: string, setting: TextSetting): string => {
  const { family, weight, italic } = setting.face
  // Pango sizes are in 1024ths of a point; at 72 dpi a point is a pixel
  const size = Math.max(1, Math.round(setting.size * 1024))
  return (
    `<span font_family="${escapeMarkup(family)}" font_weight="${weight}" ` +
    `font_style="${italic ? 'italic' : 'normal'}" size="${size}">${escapeMarkup(text)}</span>`
  )
}

/** The ink of the text, cropped to its extent by libvips, as one channel (255 = ink). */
const renderInk = async (text: string, setting: TextSetting): Promise<RasterPage> => {
  const fit = setting.fitToBox && setting.width !== undefined && setting.height !== undefined
  const options: CreateText = {
    text: markupOf(text, setting),
    fontfile: setting.fontFile,
    align: setting.align,
    // a word longer than the box breaks instead of sticking out of it
    wrap: 'word-char',
    ...(setting.width === undefined ? {} : { width: setting.width }),
    // with a height, libvips picks the resolution (so the size) that fills the box
    ...(fit ? { height: setting.height } : { dpi: 72 }),
    ...(Math.round(setting.spacing) === 0 ? {} : { spacing: Math.round(setting.spacing) })
  }
  const { data, info } = await sharp({ text: options })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: 1 }
}

/** `ink` placed in the text box: aligned across its width, cut off or centred in its height. */
const boxed = (ink: RasterPage, setting: TextSetting): RasterPage => {
  const width = setting.width ?? ink.width
  const height = setting.height ?? ink.height
  const spareX = width - ink.width
  const left =
    setting.align === 'right' ? spareX : setting.align === 'centre' ? Math.floor(spareX / 2) : 0
  const top = ink.height > height ? 0 : Math.floor((height - ink.height) / 2)
  const data = Buffer.alloc(width * height)
  const from = Math.max(0, -left)
  const to = Math.min(ink.width, width - left)
  for (let y = 0; y < Math.min(ink.height, height - top); y += 1) {
    if (to <= from) break
    ink.data.copy(data, (top + y) * width + left + from, y * ink.width + from, y * ink.width + to)
  }
  return { data, width, height, channels: 1 }
}

/**
 * Sets `text` as a coverage mask (one channel, 255 = ink) the size of its text box; undefined
 * when there is nothing to draw. Lines wrap at the box width and are aligned in it; a box
 * height cuts taller text off and centres shorter text vertically.
 */
export const setText = async (
  text: string,
  setting: TextSetting
): Promise<RasterPage | undefined> => {
  if (text.trim() === '') return undefined
  return boxed(await renderInk(text, setting), setting)
}
