// `npm start`: the desktop app where Electron's binary is installed, the headless server elsewhere.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { electronBinary } from './electron-binary.mjs'

const args = process.argv.slice(2)
const binary = electronBinary()
const desktopEntry = 'out/main/index.js'

const run = (command, commandArgs) => {
  const child = spawn(command, commandArgs, { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if (binary && existsSync(desktopEntry)) {
  run(binary, ['.', ...args])
} else {
  console.log(
    binary
      ? 'Darkroom: the desktop app is not built yet (npm run build); running headless.'
      : "Darkroom: Electron's binary is not installed here, so no desktop window; running headless."
  )
  run(process.execPath, ['--import', 'tsx', 'src-main/headless.ts', ...args])
}
