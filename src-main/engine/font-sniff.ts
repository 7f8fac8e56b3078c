/** A font file, accepted as a source image so the `text` operation can use it (as rokka does). */
export interface FontSniff {
  format: 'ttf' | 'otf'
  mimetype: 'font/ttf' | 'font/otf'
}

/** TrueType (`00 01 00 00` or `true`) and OpenType/CFF (`OTTO`) fonts, by their first bytes. */
export const sniffFont = (head: Buffer): FontSniff | null => {
  if (head.length < 12) return null
  const tag = head.subarray(0, 4)
  const tables = head.readUInt16BE(4)
  // A real font has a handful to a few dozen tables; this keeps random bytes out.
  if (tables < 4 || tables > 100) return null
  if (tag.equals(Buffer.from([0, 1, 0, 0])) || tag.toString('latin1') === 'true') {
    return { format: 'ttf', mimetype: 'font/ttf' }
  }
  if (tag.toString('latin1') === 'OTTO') return { format: 'otf', mimetype: 'font/otf' }
  return null
}
