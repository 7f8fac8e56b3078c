import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services'
import { parseStackDefinition } from '../../stacks/stack-definition'
import { toApiStack } from '../../stacks/stack-service'
import { badRequest } from '../../errors'
import { authorizeOrg } from '../auth'
import { jsonBody, queryFlag, queryString } from '../request-body'

type StackParams = { Params: { org: string; name: string } }

const DEFAULT_LIMIT = 1000

const encodeCursor = (name: string) => Buffer.from(name, 'utf8').toString('base64url')
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8')

/** Stacks: list (cursor paging), get, create/overwrite, delete, cache purge. */
export const registerStackRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, stackService } = services

  app.get<{ Params: { org: string } }>('/stacks/:org', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'read')
    const limitText = queryString(request, 'limit')
    const limit = limitText === undefined || limitText === '' ? DEFAULT_LIMIT : Number(limitText)
    if (!Number.isInteger(limit) || limit < 1 || limit > DEFAULT_LIMIT) {
      throw badRequest(`limit must be a whole number from 1 to ${DEFAULT_LIMIT}.`)
    }
    const offset = queryString(request, 'offset')
    const page = stackService.list(org.id, limit + 1, offset ? decodeCursor(offset) : undefined)
    const items = page.slice(0, limit)
    const last = items[items.length - 1]
    return reply.type('application/json').send({
      items: items.map((stack) => toApiStack(stack, org.name, false)),
      ...(page.length > limit && last ? { cursor: encodeCursor(last.name) } : {})
    })
  })

  app.get<StackParams>('/stacks/:org/:name', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'read')
    const stack = stackService.get(org.id, org.name, request.params.name)
    return reply.type('application/json').send(toApiStack(stack, org.name, true))
  })

  app.put<StackParams>('/stacks/:org/:name', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'write')
    const definition = parseStackDefinition(jsonBody(request))
    const { stack, created } = stackService.save(
      org.id,
      request.params.name,
      definition,
      queryFlag(request, 'overwrite')
    )
    return reply
      .status(created ? 201 : 200)
      .type('application/json')
      .send(toApiStack(stack, org.name, false))
  })

  app.delete<StackParams>('/stacks/:org/:name/cache', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'write')
    const stack = stackService.get(org.id, org.name, request.params.name)
    await services.renderCache.purgeStack(org.id, stack.name)
    return reply.type('application/json').send({ status: 'ok' })
  })

  app.delete<StackParams>('/stacks/:org/:name', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'write')
    stackService.delete(org.id, org.name, request.params.name)
    return reply.status(204).send()
  })
}
