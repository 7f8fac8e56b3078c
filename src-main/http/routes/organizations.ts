import type { FastifyInstance } from 'fastify'
import type { Services } from '../../services'
import { toApiOrganization } from '../../identity/organization-repo'
import { badRequest } from '../../errors'
import { authorizeOrg, principalOf } from '../auth'
import { jsonBody, valueBody } from '../request-body'

type OrgParams = { Params: { org: string } }

/** Option names Darkroom knows; anything else is refused so typos are caught. */
const ORGANIZATION_OPTIONS: Record<string, (value: unknown) => boolean> = {
  remote_basepath: (v) => v === null || (typeof v === 'string' && /^https?:\/\//.test(v)),
  remote_fullurl_allow: (v) => typeof v === 'boolean',
  remote_fullurl_whitelist: (v) => v === null || (Array.isArray(v) && v.every((s) => typeof s === 'string')),
  render_org_fallback: (v) => v === null || typeof v === 'string',
  protect_dynamic_stack: (v) => typeof v === 'boolean',
  allow_local_sources: (v) => typeof v === 'boolean'
}

const coerceOption = (value: unknown): unknown =>
  value === 'true' ? true : value === 'false' ? false : value

const checkOption = (name: string, value: unknown): unknown => {
  const check = ORGANIZATION_OPTIONS[name]
  if (!check) {
    throw badRequest(
      `Unknown organization option "${name}"; known: ${Object.keys(ORGANIZATION_OPTIONS).join(', ')}.`
    )
  }
  const coerced = coerceOption(value)
  if (!check(coerced)) throw badRequest(`Organization option "${name}" cannot be ${JSON.stringify(value)}.`)
  return coerced
}

/** Organizations: create, read, options. */
export const registerOrganizationRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity } = services

  app.put<OrgParams>('/organizations/:org', async (request, reply) => {
    const principal = await principalOf(identity, request)
    const body = (jsonBody(request) ?? {}) as Record<string, unknown>
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest('The body must be a JSON object.')
    }
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined)
    const master = text('master_organization')
    if (master) identity.authorize(principal, master, 'admin')
    const org = identity.createOrganization(principal.userId, request.params.org, {
      displayName: text('display_name'),
      billingEmail: text('billing_email'),
      masterOrganization: master
    })
    return reply.status(200).type('application/json').send(toApiOrganization(org, true))
  })

  app.get<OrgParams>('/organizations/:org', async (request, reply) => {
    const { principal, org } = await authorizeOrg(identity, request, request.params.org, 'read')
    const isAdmin = identity.hasRole(principal, org, 'admin')
    return reply.type('application/json').send(toApiOrganization(org, isAdmin))
  })

  app.put<OrgParams>('/organizations/:org/options', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'admin')
    const body = jsonBody(request)
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('The body must be a JSON object of option names to values.')
    }
    const next = { ...org.options }
    for (const [name, value] of Object.entries(body)) next[name] = checkOption(name, value)
    const updated = identity.organizations.setOptions(org.id, next)
    return reply.type('application/json').send(toApiOrganization(updated, true))
  })

  app.put<{ Params: { org: string; name: string } }>(
    '/organizations/:org/options/:name',
    async (request, reply) => {
      const { org } = await authorizeOrg(identity, request, request.params.org, 'admin')
      const value = checkOption(request.params.name, valueBody(request))
      const updated = identity.organizations.setOptions(org.id, {
        ...org.options,
        [request.params.name]: value
      })
      return reply.type('application/json').send(toApiOrganization(updated, true))
    }
  )
}
