import type { FastifyInstance } from 'fastify'
import type { Membership } from '../../../src-shared/api/organizations'
import type { Services } from '../../services'
import type { MembershipRecord } from '../../identity/membership-repo'
import { parseRoles } from '../../identity/identity-service'
import { badRequest, notFound } from '../../errors'
import { authorizeOrg } from '../auth'
import { jsonBody } from '../request-body'

type MemberParams = { Params: { org: string; userId: string } }

const toApi = (m: MembershipRecord, apiKey?: string): Membership => ({
  user_id: m.userId,
  email: m.email,
  organization_id: m.organizationId,
  roles: m.roles,
  active: m.active,
  created: m.created,
  ...(m.lastAccess ? { last_access: m.lastAccess } : {}),
  ...(m.comment ? { comment: m.comment } : {}),
  ...(apiKey ? { api_key: apiKey } : {})
})

const readBody = (body: unknown) => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The body must be a JSON object such as {"roles":["read"]}.')
  }
  const record = body as Record<string, unknown>
  const roles = parseRoles(record.roles ?? record.role)
  const comment = typeof record.comment === 'string' ? record.comment : null
  return { roles, comment }
}

/** Who belongs to an organization, with which roles. */
export const registerMembershipRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity } = services

  app.get<{ Params: { org: string } }>('/organizations/:org/memberships', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'admin:read')
    const items = identity.memberships.listForOrganization(org.id).map((m) => toApi(m))
    return reply.type('application/json').send({ total: items.length, items })
  })

  app.post<{ Params: { org: string } }>('/organizations/:org/memberships', async (request, reply) => {
    const { principal, org } = await authorizeOrg(identity, request, request.params.org, 'admin')
    const { roles, comment } = readBody(jsonBody(request) ?? {})
    const inviter = identity.users.get(principal.userId)
    if (!inviter) throw notFound('The calling user no longer exists.')
    const { membership, apiKey } = identity.createMemberWithNewUser(org, inviter, roles, comment)
    return reply.status(201).type('application/json').send(toApi(membership, apiKey))
  })

  app.get<MemberParams>('/organizations/:org/memberships/:userId', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'admin:read')
    const membership = identity.memberships.get(request.params.userId, org.id)
    if (!membership) throw notFound(`User "${request.params.userId}" is not a member of "${org.name}".`)
    return reply.type('application/json').send(toApi(membership))
  })

  app.put<MemberParams>('/organizations/:org/memberships/:userId', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'admin')
    const { roles, comment } = readBody(jsonBody(request) ?? {})
    const { outcome, membership } = identity.setMembership(org, request.params.userId, roles, comment)
    if (outcome === 'unchanged') return reply.status(204).send()
    return reply
      .status(outcome === 'created' ? 201 : 200)
      .type('application/json')
      .send(toApi(membership))
  })

  app.delete<MemberParams>('/organizations/:org/memberships/:userId', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'admin')
    identity.removeMembership(org, request.params.userId)
    return reply.status(204).send()
  })
}
