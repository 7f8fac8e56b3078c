// Where Electron's binary is, or null when its download never happened.
// Reads the package's own record (path.txt) rather than requiring `electron`: its entry point
// tries the download again when the binary is missing, which fails loudly where it cannot.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export const electronBinary = () => {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const record = join(root, 'path.txt')
    if (!existsSync(record)) return null
    const binary = join(root, 'dist', readFileSync(record, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}
