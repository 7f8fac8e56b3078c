import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join, normalize } from 'node:path'

/**
 * The plainest server of files a Node developer would write: stat, then stream the file. It is
 * the baseline for cached renders, which are files too. Prints `listening <port>`.
 */
const dir = process.argv[2]
if (!dir) throw new Error('usage: static-server.ts <folder>')
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

const server = createServer((request, response) => {
  const name = normalize(decodeURIComponent((request.url ?? '/').split('?')[0] as string)).replace(/^(\.\.[/\\])+/, '')
  const path = join(dir, name)
  stat(path).then(
    (info) => {
      response.writeHead(200, {
        'Content-Type': TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
        'Content-Length': String(info.size)
      })
      createReadStream(path).pipe(response)
    },
    () => {
      response.writeHead(404).end()
    }
  )
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`)
})
