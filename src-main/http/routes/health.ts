import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services'
import { DARKROOM_PREFIX } from '../../studio/studio-url'
import { principalOf } from '../auth'

/**
 * `GET /_darkroom/health`: whether the store takes new originals and what the background scrub
 * (or a download or render) found damaged. Any authenticated caller may ask; damaged originals
 * are listed only with images of organizations where the caller may read source images.
 */
export const registerHealthRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity } = services
  app.get(`${DARKROOM_PREFIX}/health`, async (request, reply) => {
    const principal = await principalOf(identity, request)
    const readable = new Set<string>()
    for (const membership of identity.memberships.listForUser(principal.userId)) {
      const org = identity.organizations.getById(membership.organizationId)
      if (org && identity.hasRole(principal, org, 'sourceimages:read')) readable.add(org.id)
    }
    const health = await services.health.report((organizationId) => readable.has(organizationId))
    return reply.header('Cache-Control', 'no-store').type('application/json').send(health)
  })
}
