import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { readFontFace } from './font-face'

const DEJAVU = '/usr/share/fonts/truetype/dejavu'

const dejavu = async (name: string): Promise<Buffer | undefined> => {
  const files: string[] = await readdir(DEJAVU).catch(() => [])
  return files.includes(name) ? readFile(`${DEJAVU}/${name}`) : undefined
}

describe('readFontFace', () => {
  it('reads family, weight and style of DejaVu fonts', async (context) => {
    const [regular, bold, oblique] = await Promise.all(
      ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map(dejavu)
    )
    if (!regular || !bold || !oblique) {
      context.skip('DejaVu fonts are not installed (Debian: apt-get install fonts-dejavu-core)')
      return
    }
    expect(readFontFace(regular)).toEqual({ family: 'DejaVu Sans', weight: 400, italic: false })
    expect(readFontFace(bold)).toEqual({ family: 'DejaVu Sans', weight: 700, italic: false })
    expect(readFontFace(oblique)).toMatchObject({ family: 'DejaVu Sans', italic: true })
  })

  it('reads a minimal font built by hand', () => {
    expect(readFontFace(minimalFont('Test Face', 600, true))).toEqual({
      family: 'Test Face',
      weight: 600,
      italic: true
    })
  })

  it('returns undefined for files that are not fonts', () => {
    expect(readFontFace(Buffer.from('not a font at all'))).toBeUndefined()
    expect(readFontFace(Buffer.alloc(0))).toBeUndefined()
    expect(readFontFace(minimalFont('Test Face', 400, false).subarray(0, 40))).toBeUndefined()
  })
})

/** An sfnt with just a `name` table (family, UTF-16BE) and an `OS/2` table. */
function minimalFont(family: string, weight: number, italic: boolean): Buffer {
  const nameText = Buffer.from(family, 'utf16le').swap16()
  const name = Buffer.alloc(6 + 12 + nameText.length)
  name.writeUInt16BE(0, 0)
  name.writeUInt16BE(1, 2)
  name.writeUInt16BE(18, 4)
  name.writeUInt16BE(3, 6) // Windows
  name.writeUInt16BE(1, 8)
  name.writeUInt16BE(0x0409, 10)
  name.writeUInt16BE(1, 12) // family
  name.writeUInt16BE(nameText.length, 14)
  name.writeUInt16BE(0, 16)
  nameText.copy(name, 18)
  const os2 = Buffer.alloc(78)
  os2.writeUInt16BE(weight, 4)
  os2.writeUInt16BE(italic ? 1 : 0, 62)
  const header = Buffer.alloc(12 + 2 * 16)
  header.writeUInt32BE(0x00010000, 0)
  header.writeUInt16BE(2, 4)
  const tables: Array<[string, Buffer]> = [
    ['OS/2', os2],
    ['name', name]
  ]
  let offset = header.length
  tables.forEach(([tag, body], i) => {
    header.write(tag, 12 + i * 16, 'latin1')
    header.writeUInt32BE(offset, 12 + i * 16 + 8)
    header.writeUInt32BE(body.length, 12 + i * 16 + 12)
    offset += body.length
  })
  return Buffer.concat([header, os2, name])
}
