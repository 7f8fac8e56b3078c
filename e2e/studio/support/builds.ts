import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './environment'

const IS_WINDOWS = process.platform === 'win32'

/** Newest modification time of any file below `dir`, in ms. */
const newestIn = (dir: string): number => {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const time = entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs
    newest = Math.max(newest, time)
  }
  return newest
}

/** True when `output` is missing or older than any of `sources` (files or folders). */
const isStale = (output: string, sources: string[]): boolean => {
  if (!existsSync(output)) return true
  const built = statSync(output).mtimeMs
  return sources.some((source) => {
    const path = join(ROOT, source)
    if (!existsSync(path)) return false
    return (statSync(path).isDirectory() ? newestIn(path) : statSync(path).mtimeMs) > built
  })
}

const npmRun = (script: string) => {
  console.log(`studio e2e: npm run ${script}`)
  execFileSync(IS_WINDOWS ? 'npm.cmd' : 'npm', ['run', script], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: IS_WINDOWS
  })
}

const RENDERER_SOURCES = ['src-renderer', 'src-shared', 'vite.renderer.config.ts']

/** The studio the headless server serves (`out/renderer`), built unless it is up to date. */
export const ensureRendererBuilt = (): void => {
  if (isStale(join(ROOT, 'out/renderer/index.html'), RENDERER_SOURCES)) npmRun('build:renderer')
}

/** The whole desktop app (`out/main`, `out/preload`, `out/renderer`), built unless up to date. */
export const ensureDesktopBuilt = (): void => {
  const sources = ['src-main', ...RENDERER_SOURCES, 'electron.vite.config.ts']
  const outputs = [
    'out/main/index.js',
    'out/main/decoder-process.js',
    'out/preload/index.cjs',
    'out/renderer/index.html'
  ]
  if (outputs.some((output) => isStale(join(ROOT, output), sources))) npmRun('build')
}
