/** An EPS file's bounding box in PostScript points (1/72 inch). */
export interface EpsBounds {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** DOS EPS binary files start with this and point at their PostScript section. */
const DOS_EPS = [0xc5, 0xd0, 0xd3, 0xc6]
/** DSC comments belong in the header; this much is plenty to find them. */
const HEADER_BYTES = 64 * 1024

const NUMBER = '(-?\\d+(?:\\.\\d+)?)'
const BOX = (name: string) => new RegExp(`^%%${name}:[ \\t]*${NUMBER}[ \\t]+${NUMBER}[ \\t]+${NUMBER}[ \\t]+${NUMBER}`, 'm')

/** The PostScript text of an EPS file (the PS section of a DOS EPS binary). */
const postScriptHead = (file: Buffer): string => {
  if (DOS_EPS.every((byte, i) => file[i] === byte) && file.length >= 12) {
    const start = file.readUInt32LE(4)
    const length = file.readUInt32LE(8)
    return file.toString('latin1', start, Math.min(file.length, start + length, start + HEADER_BYTES))
  }
  return file.toString('latin1', 0, Math.min(file.length, HEADER_BYTES))
}

/** The `%%HiResBoundingBox` (or else `%%BoundingBox`) of an EPS file, or null without one. */
export const epsBounds = (file: Buffer): EpsBounds | null => {
  const head = postScriptHead(file)
  const match = BOX('HiResBoundingBox').exec(head) ?? BOX('BoundingBox').exec(head)
  if (!match) return null
  const [x0, y0, x1, y1] = match.slice(1, 5).map(Number) as [number, number, number, number]
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null
}
