import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services'
import { principalOf } from '../auth'
import { READABLE_FORMATS } from '../../engine/readable-formats'
import { WRITABLE_FORMATS } from '../../render/output-format'

/**
 * `GET /`: the resource list; the Go CLI calls it to check a key. Darkroom adds the source
 * formats it reads and the render formats it writes.
 */
export const registerRootRoutes = (app: FastifyInstance, services: Services): void => {
  app.get('/', async (request, reply) => {
    await principalOf(services.identity, request)
    return reply.type('application/json').send({
      resources: ['/operations', '/organizations', '/sourceimages', '/stacks', '/stackoptions', '/users', '/stats'],
      environment: 'darkroom',
      formats: { read: READABLE_FORMATS.map((entry) => entry.format), write: WRITABLE_FORMATS }
    })
  })
}
