import { createServer } from 'node:http'
import { createIPX, createIPXNodeServer, ipxFSStorage } from 'ipx'

/** ipx serving the files of one folder on 127.0.0.1; prints `listening <port>`. */
const dir = process.argv[2]
if (!dir) throw new Error('usage: ipx-server.ts <folder>')
const ipx = createIPX({ storage: ipxFSStorage({ dir }) })
const server = createServer(createIPXNodeServer(ipx))
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`)
})
