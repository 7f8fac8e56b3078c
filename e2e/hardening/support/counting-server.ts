import { createServer, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { afterAll, beforeAll } from 'vitest'

/** A loopback HTTP server that counts every TCP connection made to it. */
export interface CountingServer {
  port: number
  url: string
  /** TCP connections accepted so far. */
  connections(): number
  /** Request paths received so far. */
  paths(): string[]
}

export interface CountingServerOptions {
  /** Answer of every request; default a 200 with `body` as image/png. */
  respond?: (path: string) => { status: number; headers?: Record<string, string>; body?: Buffer }
  body?: Buffer
}

/** Starts a counting server for the calling test file, closed after it. */
export const useCountingServer = (options: CountingServerOptions = {}): CountingServer => {
  const handle = {} as CountingServer
  let server: Server | undefined
  const sockets = new Set<Socket>()
  beforeAll(async () => {
    let connections = 0
    const paths: string[] = []
    server = createServer((request, response) => {
      paths.push(request.url ?? '')
      const answer = options.respond?.(request.url ?? '') ?? { status: 200, body: options.body ?? Buffer.from('') }
      response.writeHead(answer.status, { 'content-type': 'image/png', ...answer.headers })
      response.end(answer.body)
    })
    server.on('connection', (socket: Socket) => {
      connections += 1
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    Object.assign(handle, {
      port,
      url: `http://127.0.0.1:${port}`,
      connections: () => connections,
      paths: () => [...paths]
    } satisfies CountingServer)
  })
  afterAll(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })
  return handle
}
