import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services'
import type { AliasRecord } from '../../library/alias-repo'
import { ALIAS_NAME } from '../../library/alias-repo'
import { badRequest, conflict, notFound } from '../../errors'
import { authorizeOrg } from '../auth'
import { jsonBody, queryFlag } from '../request-body'

type AliasParams = { Params: { org: string; alias: string } }

const toApi = (record: AliasRecord, orgName: string) => ({
  organization: orgName,
  alias: record.alias,
  hash: record.hash,
  created: record.created
})

/** Source image aliases: `PUT/GET/DELETE /sourceimages/{org}/alias/{alias}`. */
export const registerAliasRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, aliases, sourceImages } = services
  const checkName = (alias: string) => {
    if (!ALIAS_NAME.test(alias)) throw notFound(`"${alias}" is not a valid alias name (letters, digits and _).`)
  }

  app.put<AliasParams>('/sourceimages/:org/alias/:alias', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    checkName(request.params.alias)
    const body = jsonBody(request) as { hash?: unknown } | undefined
    if (!body || typeof body.hash !== 'string') throw badRequest('The body must be {"hash": "<hash of a source image>"}.')
    const image = sourceImages.findOrThrow(org.id, org.name, body.hash)
    const existing = aliases.get(org.id, request.params.alias)
    if (existing && !queryFlag(request, 'overwrite')) {
      throw conflict(`Alias "${request.params.alias}" already exists; add ?overwrite=true to point it elsewhere.`)
    }
    const record = aliases.set(org.id, request.params.alias, image.hash)
    return reply.status(existing ? 200 : 201).type('application/json').send(toApi(record, org.name))
  })

  app.get<AliasParams>('/sourceimages/:org/alias/:alias', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    checkName(request.params.alias)
    const record = aliases.get(org.id, request.params.alias)
    if (!record) throw notFound(`Alias "${request.params.alias}" not found.`)
    return reply.type('application/json').send(toApi(record, org.name))
  })

  app.delete<AliasParams>('/sourceimages/:org/alias/:alias', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    checkName(request.params.alias)
    if (!aliases.delete(org.id, request.params.alias)) throw notFound(`Alias "${request.params.alias}" not found.`)
    return reply.status(204).send()
  })
}
