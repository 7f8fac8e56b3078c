import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services'
import type { HashChange } from '../../library/source-image-service'
import type { OrganizationRecord } from '../../identity/organization-repo'
import { notFound } from '../../errors'
import { authorizeOrg } from '../auth'
import { jsonBody, queryFlag, valueBody } from '../request-body'
import { presentImage } from '../present-image'

type ImageParams = { Params: { org: string; hash: string } }
type FieldParams = { Params: { org: string; hash: string; field: string } }
type DynamicParams = { Params: { org: string; hash: string; name: string } }

/** rokka.js sends `deletePrevious` of DELETE calls in the body instead of the query. */
const hashChangeOptions = (request: FastifyRequest) => {
  let bodyFlags: Record<string, unknown> = {}
  const body = request.method === 'DELETE' ? valueBody(request) : undefined
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    bodyFlags = body as Record<string, unknown>
  }
  const flag = (name: string) =>
    queryFlag(request, name) || bodyFlags[name] === true || bodyFlags[name] === 'true'
  return { deletePrevious: flag('deletePrevious'), keepHash: flag('keepHash') }
}

/** User metadata (hash unchanged) and dynamic metadata (hash changes, as rokka's does). */
export const registerMetadataRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, images, sourceImages } = services

  const answerHashChange = (reply: FastifyReply, org: OrganizationRecord, result: HashChange) => {
    if (!result.changed) {
      return reply.status(204).header('Location', `/sourceimages/${org.name}/${result.image.hash}`).send()
    }
    const image = presentImage(images, result.image, org.name)
    return reply
      .status(201)
      .header('Location', image.link)
      .type('application/json')
      .send(image)
  }

  app.get<ImageParams>('/sourceimages/:org/:hash/meta/user', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    const image = sourceImages.findOrThrow(org.id, org.name, request.params.hash)
    return reply.type('application/json').send(image.userMetadata)
  })

  app.get<FieldParams>('/sourceimages/:org/:hash/meta/user/:field', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    const image = sourceImages.findOrThrow(org.id, org.name, request.params.hash)
    const { field } = request.params
    if (!(field in image.userMetadata)) {
      throw notFound(`Source image "${image.hash}" has no user metadata field "${field}".`)
    }
    return reply.type('application/json').send(JSON.stringify(image.userMetadata[field]))
  })

  for (const [method, mode] of [['PATCH', 'merge'], ['PUT', 'replace']] as const) {
    app.route<ImageParams>({
      method,
      url: '/sourceimages/:org/:hash/meta/user',
      handler: async (request, reply) => {
        const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
        sourceImages.writeUserMetadata(org.id, org.name, request.params.hash, jsonBody(request) ?? {}, mode)
        return reply.status(204).send()
      }
    })
  }

  app.delete<ImageParams>('/sourceimages/:org/:hash/meta/user', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    sourceImages.clearUserMetadata(org.id, org.name, request.params.hash)
    return reply.status(204).send()
  })

  app.put<FieldParams>('/sourceimages/:org/:hash/meta/user/:field', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    const { hash, field } = request.params
    sourceImages.writeUserMetadataField(org.id, org.name, hash, field, valueBody(request))
    return reply.status(204).send()
  })

  app.delete<FieldParams>('/sourceimages/:org/:hash/meta/user/:field', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    sourceImages.deleteUserMetadataField(org.id, org.name, request.params.hash, request.params.field)
    return reply.status(204).send()
  })

  app.put<DynamicParams>('/sourceimages/:org/:hash/meta/dynamic/:name', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    const { hash, name } = request.params
    const result = sourceImages.setDynamicMetadata(
      org.id,
      org.name,
      hash,
      name,
      jsonBody(request),
      hashChangeOptions(request)
    )
    if (hashChangeOptions(request).keepHash) {
      reply.header('Warning', '299 - "The hash was kept; cached renders may show the old metadata"')
    }
    return answerHashChange(reply, org, result)
  })

  app.delete<DynamicParams>('/sourceimages/:org/:hash/meta/dynamic/:name', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    const { hash, name } = request.params
    const options = hashChangeOptions(request)
    const result = sourceImages.deleteDynamicMetadata(org.id, org.name, hash, name, options)
    return answerHashChange(reply, org, result)
  })
}
