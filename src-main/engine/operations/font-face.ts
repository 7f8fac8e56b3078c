/** What Pango needs to pick one uploaded font file among the fonts it knows. */
export interface FontFace {
  family: string
  /** CSS-like weight, 100–900 (400 regular, 700 bold). */
  weight: number
  italic: boolean
}

const SFNT_VERSIONS = new Set([0x00010000, 0x4f54544f, 0x74727565]) // 1.0, 'OTTO', 'true'
const COLLECTION = 0x74746366 // 'ttcf'
const FAMILY = 1
const TYPOGRAPHIC_FAMILY = 16
const WINDOWS = 3
const UNICODE = 0
const MACINTOSH = 1
const US_ENGLISH = 0x0409

/** Offset and length of each table of the font starting at `start`, by tag. */
const tablesOf = (
  bytes: Buffer,
  start: number
): Map<string, { offset: number; length: number }> => {
  const tables = new Map<string, { offset: number; length: number }>()
  const count = bytes.readUInt16BE(start + 4)
  for (let i = 0; i < count; i += 1) {
    const record = start + 12 + i * 16
    tables.set(bytes.toString('latin1', record, record + 4), {
      offset: bytes.readUInt32BE(record + 8),
      length: bytes.readUInt32BE(record + 12)
    })
  }
  return tables
}

const utf16be = (bytes: Buffer, start: number, length: number): string => {
  let text = ''
  for (let i = start; i + 1 < start + length; i += 2)
    text += String.fromCharCode(bytes.readUInt16BE(i))
  return text
}

/** A name record's rank as the family name: lower is better; undefined when unusable. */
const rankOf = (platform: number, language: number, nameId: number): number | undefined => {
  if (nameId !== FAMILY && nameId !== TYPOGRAPHIC_FAMILY) return undefined
  // the legacy family name, together with weight and style, is what fontconfig matches best
  const idRank = nameId === FAMILY ? 0 : 10
  if (platform === WINDOWS) return idRank + (language === US_ENGLISH ? 0 : 1)
  if (platform === UNICODE) return idRank + 2
  if (platform === MACINTOSH) return idRank + 3
  return undefined
}

const familyOf = (bytes: Buffer, table: { offset: number; length: number }): string | undefined => {
  const count = bytes.readUInt16BE(table.offset + 2)
  const strings = table.offset + bytes.readUInt16BE(table.offset + 4)
  let best: { rank: number; name: string } | undefined
  for (let i = 0; i < count; i += 1) {
    const record = table.offset + 6 + i * 12
    const platform = bytes.readUInt16BE(record)
    const rank = rankOf(platform, bytes.readUInt16BE(record + 4), bytes.readUInt16BE(record + 6))
    if (rank === undefined || (best && best.rank <= rank)) continue
    const length = bytes.readUInt16BE(record + 8)
    const start = strings + bytes.readUInt16BE(record + 10)
    if (start + length > bytes.length) continue
    const name =
      platform === MACINTOSH
        ? bytes.toString('latin1', start, start + length)
        : utf16be(bytes, start, length)
    if (name.trim() !== '') best = { rank, name: name.trim() }
  }
  return best?.name
}

/**
 * Reads the family name, weight and italic flag of a TrueType/OpenType font (or the first font
 * of a collection) from its `name` and `OS/2` tables. Returns undefined for anything that is
 * not such a font.
 */
export const readFontFace = (bytes: Buffer): FontFace | undefined => {
  try {
    const start = bytes.readUInt32BE(0) === COLLECTION ? bytes.readUInt32BE(12) : 0
    if (!SFNT_VERSIONS.has(bytes.readUInt32BE(start))) return undefined
    const tables = tablesOf(bytes, start)
    const name = tables.get('name')
    const family = name && familyOf(bytes, name)
    if (family === undefined) return undefined
    const os2 = tables.get('OS/2')
    if (!os2 || os2.length < 64) return { family, weight: 400, italic: false }
    const weight = bytes.readUInt16BE(os2.offset + 4)
    const selection = bytes.readUInt16BE(os2.offset + 62)
    return {
      family,
      weight: weight >= 1 && weight <= 1000 ? weight : 400,
      // bit 0 italic, bit 9 oblique
      italic: (selection & 0x0201) !== 0
    }
  } catch {
    // a truncated or garbled file reads past its end
    return undefined
  }
}
