import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services'
import type { SourceImageRecord } from '../../storage/source-image-repo'
import type { OrganizationRecord } from '../../identity/organization-repo'
import type { Principal } from '../../identity/principal'
import { AppError, badRequest, corruptObject, forbidden } from '../../errors'
import { authorizeOrg, principalOf } from '../auth'
import { booleanBody, jsonBody, queryFlag, valueBody } from '../request-body'
import { presentImage } from '../present-image'
import { contentDisposition } from '../content-disposition'

type ItemParams = { Params: { org: string; hash: string } }

const MAX_BATCH_COPY = 100

/** One source image: read, delete, restore, copy, download, rename, lock, protect. */
export const registerSourceImageRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, images, sourceImages, blobs } = services

  const sendImage = (reply: FastifyReply, record: SourceImageRecord, org: OrganizationRecord, status = 200) =>
    reply.status(status).type('application/json').send(presentImage(images, record, org.name))

  /** The destination named by the `Destination` header, where the caller may write. */
  const destinationOf = (request: FastifyRequest, principal: Principal, source: OrganizationRecord) => {
    const header = request.headers.destination
    const name = (Array.isArray(header) ? header[0] : header)?.trim()
    if (!name) throw badRequest('Name the target organization in the Destination header.')
    const destination = identity.organizations.getByName(name)
    if (!destination) throw badRequest(`The destination organization "${name}" does not exist.`)
    if (destination.id === source.id) throw badRequest('The destination is the source organization.')
    if (!identity.hasRole(principal, destination, 'write')) {
      throw forbidden(`This needs the "write" role in organization "${name}".`)
    }
    return destination
  }
  const overwriteAllowed = (request: FastifyRequest) =>
    String(request.headers.overwrite ?? 'T').toUpperCase() !== 'F'

  app.get<ItemParams>('/sourceimages/:org/:hash', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    const image = sourceImages.findOrThrow(org.id, org.name, request.params.hash, queryFlag(request, 'deleted'))
    return sendImage(reply, image, org)
  })

  app.delete<ItemParams>('/sourceimages/:org/:hash', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    sourceImages.softDelete(org.id, org.name, request.params.hash)
    return reply.status(204).send()
  })

  app.post<ItemParams>('/sourceimages/:org/:hash/restore', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    return sendImage(reply, sourceImages.restore(org.id, org.name, request.params.hash), org)
  })

  const copyOne = async (request: FastifyRequest<ItemParams>, reply: FastifyReply) => {
    const { principal, org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    const image = sourceImages.findOrThrow(org.id, org.name, request.params.hash)
    const destination = destinationOf(request, principal, org)
    const outcome = sourceImages.copy(image, destination.id, overwriteAllowed(request))
    if (outcome === 'overwritten') return reply.status(204).send()
    return reply
      .status(201)
      .header('Location', `/sourceimages/${destination.name}/${image.hash}`)
      .type('application/json')
      .send({})
  }
  app.route<ItemParams>({ method: 'COPY', url: '/sourceimages/:org/:hash', handler: copyOne })
  app.post<ItemParams>('/sourceimages/:org/:hash/copy', copyOne)

  app.post<{ Params: { org: string } }>('/sourceimages/:org/copy', async (request, reply) => {
    const { principal, org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    const destination = destinationOf(request, principal, org)
    const hashes = jsonBody(request)
    if (!Array.isArray(hashes) || hashes.some((hash) => typeof hash !== 'string')) {
      throw badRequest('The body must be a JSON array of hashes, e.g. ["abcdef","fedcba"].')
    }
    if (hashes.length > MAX_BATCH_COPY) throw badRequest(`At most ${MAX_BATCH_COPY} images can be copied at once.`)
    const result = { created: [] as string[], existing: [] as string[], notfound: [] as string[] }
    for (const hash of hashes as string[]) {
      const image = images.find(org.id, hash)
      if (!image) {
        result.notfound.push(hash)
        continue
      }
      try {
        sourceImages.copy(image, destination.id, overwriteAllowed(request))
        result.created.push(image.hash)
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 412) throw error
        result.existing.push(image.hash)
      }
    }
    return reply.type('application/json').send(result)
  })

  app.get<ItemParams>('/sourceimages/:org/:hash/download', async (request, reply) => {
    const { principal, org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    const image = sourceImages.findOrThrow(org.id, org.name, request.params.hash)
    if (image.isProtected && !identity.hasRole(principal, org, 'sourceimages:download:protected')) {
      throw forbidden('Downloading a protected image needs the "sourceimages:download:protected" role.')
    }
    // Hashed before the first byte goes out, so a damaged original gets an error, not its bytes.
    const state = await blobs.check(image.blobHash)
    if (state !== 'intact') throw corruptObject(`The original of ${image.hash}`, state)
    const size = await blobs.sizeOf(image.blobHash)
    if (size === null) throw corruptObject(`The original of ${image.hash}`, 'missing')
    reply
      .header('Content-Type', image.mimetype)
      .header('Content-Length', String(size))
      .header('Content-Disposition', contentDisposition('attachment', image.name))
    if (image.format === 'svg') {
      reply.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
    }
    return reply.send(blobs.openRead(image.blobHash))
  })

  app.delete<ItemParams>('/sourceimages/:org/:hash/cache', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    const image = sourceImages.findOrThrow(org.id, org.name, request.params.hash)
    await services.renderCache.purgeImage(org.id, image.hash)
    return reply.type('application/json').send({ items: [image.hash] })
  })

  app.put<ItemParams>('/sourceimages/:org/:hash/name', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    sourceImages.rename(org.id, org.name, request.params.hash, valueBody(request))
    return reply.status(204).send()
  })

  app.put<ItemParams>('/sourceimages/:org/:hash/options/locked', async (request, reply) => {
    const principal = await principalOf(identity, request)
    const org = identity.authorize(principal, request.params.org, 'sourceimages:read')
    if (!identity.hasRole(principal, org, 'admin') && !identity.hasRole(principal, org, 'sourceimages:unlock')) {
      throw forbidden('Locking needs the "admin" or "sourceimages:unlock" role.')
    }
    const updated = sourceImages.setLocked(org.id, org.name, request.params.hash, booleanBody(request))
    return sendImage(reply, updated, org)
  })

  app.put<ItemParams>('/sourceimages/:org/:hash/options/protected', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    const { image, changed } = sourceImages.setProtected(
      org.id,
      org.name,
      request.params.hash,
      booleanBody(request),
      queryFlag(request, 'deletePrevious')
    )
    reply.header('Location', `/sourceimages/${org.name}/${image.hash}`)
    return sendImage(reply, image, org, changed ? 201 : 200)
  })
}
