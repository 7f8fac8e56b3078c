import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** Debian's Chromium unless DARKROOM_CHROMIUM names another (Playwright's own is not installed). */
export const chromiumPath = (): string => process.env.DARKROOM_CHROMIUM ?? '/usr/bin/chromium'

/** Headless Chromium as root on a 2-core machine: no sandbox, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run'
]

/**
 * Electron's binary, or null where its download never happened (as on CI). Read from the
 * package's path.txt: requiring `electron` would try the download again.
 */
export const electronBinary = (): string | null => {
  const pathFile = join(ROOT, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(ROOT, 'node_modules/electron/dist')
  const binary = join(dist, relative)
  return relative !== '' && existsSync(binary) ? binary : null
}

/** Why the desktop window cannot be driven here, or null when it can. */
export const electronSkipReason = (): string | null => {
  if (electronBinary() === null) {
    return (
      "Electron's binary is not installed here (its download failed or was skipped), so the " +
      'studio specs run in Chromium in web mode only'
    )
  }
  const headlessLinux =
    process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
  if (headlessLinux) {
    return 'there is no display for the desktop window (run the suite under xvfb-run to include it)'
  }
  return null
}
