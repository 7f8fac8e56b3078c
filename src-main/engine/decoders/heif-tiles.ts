/** One ISO-BMFF box inside `bytes`: its type and where its payload lies. */
interface Box {
  type: string
  start: number
  end: number
}

/** The boxes laid end to end in `bytes[from, to)`; stops quietly at the first malformed one. */
const boxesIn = (bytes: Uint8Array, from: number, to: number): Box[] => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const boxes: Box[] = []
  let at = from
  while (at + 8 <= to) {
    let size = view.getUint32(at)
    let header = 8
    if (size === 1) {
      if (at + 16 > to) break
      size = Number(view.getBigUint64(at + 8))
      header = 16
    } else if (size === 0) {
      size = to - at
    }
    if (size < header || at + size > to) break
    boxes.push({ type: String.fromCharCode(...bytes.subarray(at + 4, at + 8)), start: at + header, end: at + size })
    at += size
  }
  return boxes
}

/**
 * The most tiles any grid image of a HEIF file is made of: the largest `dimg` reference count
 * in its `iref` box (0 without grids). libheif decodes every tile of a grid, so a file may make
 * thousands of decoder calls from a few kilobytes; this lets Darkroom refuse it first.
 */
export const heifGridTiles = (file: Uint8Array): number => {
  const meta = boxesIn(file, 0, file.length).find((box) => box.type === 'meta')
  if (!meta) return 0
  // meta and iref are full boxes: one byte of version, three of flags.
  const iref = boxesIn(file, meta.start + 4, meta.end).find((box) => box.type === 'iref')
  if (!iref || iref.start + 4 > iref.end) return 0
  const idBytes = file[iref.start] === 0 ? 2 : 4
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  let most = 0
  for (const reference of boxesIn(file, iref.start + 4, iref.end)) {
    const countAt = reference.start + idBytes
    if (reference.type !== 'dimg' || countAt + 2 > reference.end) continue
    most = Math.max(most, view.getUint16(countAt))
  }
  return most
}

/**
 * Grids beyond this many tiles are refused before decoding. A 225-megapixel image in the usual
 * 512-pixel tiles needs about 860; cameras write far fewer.
 */
export const MAX_HEIF_TILES = 2048

/** Why a HEIF or AVIF file is refused for its grid, or null when its grids are within bounds. */
export const gridTilesRefusal = (file: Uint8Array, label: string): string | null => {
  const tiles = heifGridTiles(file)
  return tiles > MAX_HEIF_TILES
    ? `The ${label} image is a grid of ${tiles} tiles; Darkroom decodes at most ${MAX_HEIF_TILES}.`
    : null
}
