import { createHash, randomBytes } from 'node:crypto'
import { access, mkdir, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const FONT_DIR = join(tmpdir(), 'darkroom-fonts')

/**
 * A path of a file holding the font `bytes`, for libvips' `fontfile`. Files are named by content
 * hash and kept: libvips registers each font file with fontconfig once per process, so reusing
 * one path per font avoids registering a new copy on every render.
 */
export const fontFilePath = async (bytes: Buffer): Promise<string> => {
  const digest = createHash('sha256').update(bytes).digest('hex')
  const extension = bytes.toString('latin1', 0, 4) === 'OTTO' ? 'otf' : 'ttf'
  const path = join(FONT_DIR, `${digest}.${extension}`)
  try {
    await access(path)
    return path
  } catch {
    await mkdir(FONT_DIR, { recursive: true })
    // written aside and renamed, so a concurrent render never reads half a font
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`
    await writeFile(partial, bytes)
    await rename(partial, path)
    return path
  }
}
