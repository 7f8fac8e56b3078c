import { fork } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { createRequire } from 'node:module'
import { constants } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { UtilityChild, UtilityFork } from '../utility-process-launcher'

const shim = fileURLToPath(new URL('./parent-port-shim.ts', import.meta.url))
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

/**
 * An emulation of `utilityProcess.fork` on plain Node, for tests where Electron's binary is not
 * installed: a forked process with a `process.parentPort` (parent-port-shim.ts), Electron's
 * `postMessage` and numeric exit codes. It proves the adapter and the parent-port side of the
 * decoder process, not Electron itself (its message cloning, asar reads, ESM loader).
 */
export const emulatedUtilityFork: UtilityFork = (modulePath, args, options) => {
  const child = fork(shim, [modulePath, ...args], {
    execArgv: ['--import', tsx, ...(options.execArgv ?? [])],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', options.stdio?.[2] === 'pipe' ? 'pipe' : 'ignore', 'ipc']
  })
  const emulated = Object.assign(new EventEmitter(), {
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined
    },
    stderr: child.stderr,
    postMessage: (message: unknown) => void child.send(message as object),
    kill: () => child.kill('SIGTERM')
  })
  child.on('message', (message) => emulated.emit('message', message))
  // Electron reports the code from waitpid: a number even for a signal.
  child.on('exit', (code, signal) =>
    emulated.emit('exit', code ?? (signal ? constants.signals[signal] : 0))
  )
  return emulated satisfies UtilityChild
}
