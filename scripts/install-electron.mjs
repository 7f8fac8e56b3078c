// Fetches Electron's binary for the desktop window. Where that download cannot be reached
// (offline machines, CI), the install still succeeds: Darkroom then runs headless.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const say = (line) => console.log(`Darkroom: ${line}`)

const electronInstaller = (() => {
  try {
    return require.resolve('electron/install.js')
  } catch {
    return null
  }
})()

if (!electronInstaller) {
  say('Electron is not installed (production install?); the desktop window is unavailable.')
} else if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say('ELECTRON_SKIP_BINARY_DOWNLOAD is set: the desktop window is unavailable; `npm start` runs headless.')
} else {
  const result = spawnSync(process.execPath, [electronInstaller], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 180_000,
    encoding: 'utf8'
  })
  if (result.status === 0 && existsSync(require('electron'))) {
    say('Electron is installed; `npm start` opens the desktop window.')
  } else {
    const reason = (result.stderr || String(result.error ?? '')).split('\n').find(Boolean) ?? 'unknown error'
    say(`Electron's binary could not be downloaded (${reason.trim().slice(0, 160)}).`)
    say('The desktop window is unavailable on this machine; `npm start` runs Darkroom headless instead.')
  }
}
