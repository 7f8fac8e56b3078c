/** An ISO-BMFF box: 32-bit size, type, payload. */
const box = (type: string, payload: Buffer): Buffer => {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + payload.length)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, payload])
}

const fullBox = (type: string, version: number, payload: Buffer): Buffer =>
  box(type, Buffer.concat([Buffer.from([version, 0, 0, 0]), payload]))

const u16 = (...values: number[]): Buffer => {
  const bytes = Buffer.alloc(values.length * 2)
  values.forEach((value, i) => bytes.writeUInt16BE(value, i * 2))
  return bytes
}

/**
 * The structure of a HEIF (or AVIF) grid image of `tiles` tiles (all the same coded item, as a
 * hostile file may do): ftyp, and a meta box whose primary item is a `grid` with `tiles`
 * `dimg` references. Darkroom must refuse it from its structure, before libheif decodes a tile.
 */
export const heifGridFile = (tiles: number, brand: 'heic' | 'avif' = 'heic'): Buffer => {
  const infe = (id: number, type: string) => fullBox('infe', 2, Buffer.concat([u16(id, 0), Buffer.from(`${type}\0`, 'latin1')]))
  const meta = fullBox(
    'meta',
    0,
    Buffer.concat([
      fullBox('hdlr', 0, Buffer.concat([Buffer.alloc(4), Buffer.from('pict'), Buffer.alloc(13)])),
      fullBox('pitm', 0, u16(1)),
      fullBox('iinf', 0, Buffer.concat([u16(2), infe(1, 'grid'), infe(2, brand === 'avif' ? 'av01' : 'hvc1')])),
      fullBox('iref', 0, box('dimg', u16(1, tiles, ...new Array<number>(tiles).fill(2))))
    ])
  )
  return Buffer.concat([box('ftyp', Buffer.concat([Buffer.from(brand), Buffer.alloc(4), Buffer.from(`mif1${brand}`)])), meta, box('mdat', Buffer.alloc(0))])
}
