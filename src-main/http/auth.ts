import type { FastifyRequest } from 'fastify'
import type { Role } from '../../src-shared/api/organizations'
import type { Principal } from '../identity/principal'
import type { IdentityService } from '../identity/identity-service'
import type { OrganizationRecord } from '../identity/organization-repo'

const cache = new WeakMap<FastifyRequest, Promise<Principal>>()

const bearerOf = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization
  if (!header) return undefined
  const match = /^Bearer\s+(.+)$/i.exec(header)
  return match ? match[1] : undefined
}

const apiKeyOf = (request: FastifyRequest): string | undefined => {
  const header = request.headers['api-key']
  return Array.isArray(header) ? header[0] : header
}

/** The caller, authenticated once per request: `Api-Key` wins over `Authorization: Bearer`. */
export const principalOf = (identity: IdentityService, request: FastifyRequest): Promise<Principal> => {
  let pending = cache.get(request)
  if (!pending) {
    pending = identity.authenticate({
      apiKey: apiKeyOf(request),
      bearer: bearerOf(request),
      ip: request.ip
    })
    cache.set(request, pending)
  }
  return pending
}

/** Authenticates and checks `role` in `orgName`; returns both. */
export const authorizeOrg = async (
  identity: IdentityService,
  request: FastifyRequest,
  orgName: string,
  role: Role
): Promise<{ principal: Principal; org: OrganizationRecord }> => {
  const principal = await principalOf(identity, request)
  return { principal, org: identity.authorize(principal, orgName, role) }
}
