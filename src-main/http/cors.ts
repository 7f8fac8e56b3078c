import type { FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import { isAllowedOrigin, type HostGuardOptions } from './host-guard'

/**
 * CORS for the origins the host guard lets make changes, and for no other: the exact origin is
 * echoed with `Vary: Origin`, never `*`, so a key typed into one web tool cannot be used by
 * another page. Preflights from other origins get no `Access-Control-Allow-Origin`.
 */
export const installCors = async (app: FastifyInstance, options: HostGuardOptions): Promise<void> => {
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowedOrigin(origin, options)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'COPY'],
    maxAge: 600
  })
}
