import type { FastifyInstance } from 'fastify'
import { executableOperationSchemas } from '../../engine/operations'
import { stackOptionsSchema } from '../../../src-shared/stack-options'

/** `GET /operations` and `GET /stackoptions`: the schemas clients build their editors from. */
export const registerDiscoveryRoutes = (app: FastifyInstance): void => {
  const operations = JSON.stringify(executableOperationSchemas())
  const stackOptions = JSON.stringify(stackOptionsSchema)
  app.get('/operations', async (_request, reply) => reply.type('application/json').send(operations))
  app.get('/stackoptions', async (_request, reply) => reply.type('application/json').send(stackOptions))
}
