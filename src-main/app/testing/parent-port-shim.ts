/**
 * Test stand-in for what Electron gives a utility process: `process.parentPort`, whose message
 * events carry the data in `event.data` and which queues messages until a listener is added.
 * Runs the module named by the first argument after it.
 */
import { EventEmitter } from 'node:events'
import { pathToFileURL } from 'node:url'

const port = Object.assign(new EventEmitter(), {
  postMessage: (message: unknown) => void process.send?.(message)
})
const queued: unknown[] = []
process.on('message', (data) => {
  if (port.listenerCount('message') === 0) queued.push(data)
  else port.emit('message', { data, ports: [] })
})
port.on('newListener', (event: string) => {
  if (event !== 'message') return
  // Emitted before the listener is added: deliver once it is.
  queueMicrotask(() => {
    for (const data of queued.splice(0)) port.emit('message', { data, ports: [] })
  })
})
Object.defineProperty(process, 'parentPort', { value: port, enumerable: true })

const [modulePath] = process.argv.slice(2)
if (modulePath === undefined) throw new Error('parent-port-shim needs the module to run')
await import(pathToFileURL(modulePath).href)
