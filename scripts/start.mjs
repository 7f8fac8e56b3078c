// `npm start`: the desktop app where Electron's binary is installed, the headless server elsewhere.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { electronBinary } from './electron-binary.mjs'

const args = process.argv.slice(2)
const binary = electronBinary()
const desktopBuild = ['out/main/index.js', 'out/preload/index.cjs']

const run = (command, commandArgs, env = process.env) => {
  const child = spawn(command, commandArgs, { stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if (binary && desktopBuild.every((file) => existsSync(file))) {
  if (!existsSync('out/renderer/index.html')) {
    console.log('Darkroom: the studio is not built (npm run build); the window will say so.')
  }
  // Set in the environment, this variable would make Electron run as plain Node, with no window.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env
  run(binary, ['.', ...args], env)
} else {
  console.log(
    binary
      ? 'Darkroom: the desktop app is not built yet (npm run build); running headless.'
      : "Darkroom: Electron's binary is not installed here, so no desktop window; running headless."
  )
  run(process.execPath, ['--import', 'tsx', 'src-main/headless.ts', ...args])
}
