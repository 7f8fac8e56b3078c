import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SourceImageList } from '../../../src-shared/api/sourceimages'
import type { Services } from '../../services'
import { parseSourceImageQuery, type QueryParams } from '../../storage/search-query'
import { searchSourceImages } from '../../storage/source-image-search'
import { badRequest } from '../../errors'
import { authorizeOrg } from '../auth'
import { presentImage } from '../present-image'
import { queryString } from '../request-body'

const SHA1 = /^[0-9a-f]{40}$/

/** The list URL with `limit`/`offset` replaced, other parameters kept in their order. */
const pageHref = (request: FastifyRequest, org: string, limit: number, offset: number | string | null) => {
  const params = new URLSearchParams(request.url.split('?')[1] ?? '')
  params.delete('offset')
  params.delete('limit')
  params.set('limit', String(limit))
  if (offset !== null && offset !== 0) params.set('offset', String(offset))
  return `/sourceimages/${org}?${params.toString()}`
}

/** Listing and searching an organization's images; finding and deleting by binary hash. */
export const registerSourceImageListRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, images, sourceImages, db } = services

  app.get<{ Params: { org: string } }>('/sourceimages/:org', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
    const query = parseSourceImageQuery(request.query as QueryParams)
    const page = searchSourceImages(db, org.id, query)
    const links: SourceImageList['links'] = {}
    if (page.nextCursor) {
      const nextOffset = typeof query.offset === 'number' && query.offset + query.limit <= 10_000
        ? query.offset + query.limit
        : page.nextCursor
      links.next = { href: pageHref(request, org.name, query.limit, nextOffset) }
    }
    if (typeof query.offset === 'number' && query.offset > 0) {
      links.prev = { href: pageHref(request, org.name, query.limit, Math.max(0, query.offset - query.limit)) }
    }
    const body: SourceImageList = {
      total: page.total,
      items: page.items.map((record) => presentImage(images, record, org.name)),
      links,
      ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
      ...(page.facets ? { facets: page.facets } : {})
    }
    return reply.type('application/json').send(body)
  })

  app.get<{ Params: { org: string; binaryHash: string } }>(
    '/sourceimages/:org/binaryhash/:binaryHash',
    async (request, reply) => {
      const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
      const binaryHash = request.params.binaryHash.toLowerCase()
      if (!SHA1.test(binaryHash)) throw badRequest('A binary hash is 40 hexadecimal characters.')
      const found = images.listByBinaryHash(org.id, binaryHash)
      const items = found.map((record) => presentImage(images, record, org.name))
      return reply.type('application/json').send({ total: items.length, items, links: {} })
    }
  )

  app.delete<{ Params: { org: string } }>('/sourceimages/:org', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:write')
    const binaryHash = queryString(request, 'binaryHash')?.toLowerCase()
    if (!binaryHash || !SHA1.test(binaryHash)) {
      throw badRequest('Say which images to delete with ?binaryHash=<40 hexadecimal characters>.')
    }
    sourceImages.deleteByBinaryHash(org.id, binaryHash)
    return reply.status(204).send()
  })
}
