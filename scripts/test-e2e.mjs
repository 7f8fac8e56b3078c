// `npm run test:e2e`: the studio's Playwright suite (e2e/playwright.config.ts) in Chromium.
// Without a Chromium it says so in one line and passes, except on CI, where it must run.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const chromium = process.env.DARKROOM_CHROMIUM ?? '/usr/bin/chromium'
const onCi = process.env.CI === 'true'

if (!existsSync(chromium)) {
  const why = `no Chromium at ${chromium} (apt-get install chromium, or set DARKROOM_CHROMIUM)`
  if (onCi) {
    console.error(`studio e2e cannot run on CI: ${why}`)
    process.exit(1)
  }
  console.log(`studio e2e skipped: ${why}`)
  process.exit(0)
}

const cli = fileURLToPath(new URL('../node_modules/@playwright/test/cli.js', import.meta.url))
const args = [cli, 'test', '--config', 'e2e/playwright.config.ts', ...process.argv.slice(2)]
const child = spawn(process.execPath, args, { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
