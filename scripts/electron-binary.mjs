// Where Electron's binary is, or null when its download never happened.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

export const electronBinary = () => {
  try {
    const path = createRequire(import.meta.url)('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}
