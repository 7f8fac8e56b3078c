import type { FastifyInstance } from 'fastify'

/** Starts `app` on 127.0.0.1 only; `port` 0 picks a free one. Returns the bound port. */
export const listenOnLoopback = async (app: FastifyInstance, port: number): Promise<number> => {
  await app.listen({ host: '127.0.0.1', port })
  const address = app.server.address()
  if (!address || typeof address !== 'object') throw new Error('the server has no address')
  return address.port
}
