import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services'
import { principalOf } from '../auth'

/** `GET /`: the resource list; the Go CLI calls it to check a key. */
export const registerRootRoutes = (app: FastifyInstance, services: Services): void => {
  app.get('/', async (request, reply) => {
    await principalOf(services.identity, request)
    return reply.type('application/json').send({
      resources: ['/operations', '/organizations', '/sourceimages', '/stacks', '/stackoptions', '/users', '/stats'],
      environment: 'darkroom'
    })
  })
}
