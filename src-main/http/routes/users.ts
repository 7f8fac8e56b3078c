import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ApiKeyInfo } from '../../../src-shared/api/users'
import type { Services } from '../../services'
import type { ApiKeyRecord } from '../../identity/api-key-repo'
import { badRequest } from '../../errors'
import { principalOf } from '../auth'
import { jsonBody, queryString } from '../request-body'

const keyInfo = (key: ApiKeyRecord, plaintext?: string): ApiKeyInfo => ({
  id: key.id,
  comment: key.comment,
  created: key.created,
  accessed: key.accessed,
  ...(plaintext ? { api_key: plaintext } : {})
})

const asObject = (value: unknown): Record<string, unknown> => {
  // Old docs wrap the sign-up object in an array.
  const item = Array.isArray(value) && value.length === 1 ? value[0] : value
  if (item === undefined) return {}
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw badRequest('The body must be a JSON object.')
  }
  return item as Record<string, unknown>
}

const readTokenRequest = (request: FastifyRequest) => {
  const expires = queryString(request, 'expires_in')
  const renewable = queryString(request, 'renewable')
  const noIp = queryString(request, 'no_ip_protection')
  const ips = queryString(request, 'ips')
  if (expires !== undefined && expires !== '' && !/^\d+$/.test(expires)) {
    throw badRequest('expires_in must be a whole number of seconds.')
  }
  return {
    expiresIn: expires ? Number(expires) : undefined,
    renewable: renewable === undefined || renewable === '' ? undefined : renewable === 'true',
    noIpProtection: noIp === 'true',
    ips: ips ? ips.split(',').map((ip) => ip.trim()).filter(Boolean) : undefined
  }
}

/** Sign-up, the current user, API keys and JWT tokens. */
export const registerUserRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity } = services

  app.post('/users', async (request, reply) => {
    const body = asObject(jsonBody(request))
    if (typeof body.email !== 'string') throw badRequest('"email" is required.')
    // rokka.js sends `"organization": null` when none is given
    const organization = body.organization ?? undefined
    if (organization !== undefined && typeof organization !== 'string') {
      throw badRequest('"organization" must be a string.')
    }
    const { user, apiKey } = identity.signUp(body.email, organization)
    return reply.status(200).type('application/json').send({
      id: user.id,
      email: user.email,
      api_key: apiKey,
      ...(organization ? { organization } : {})
    })
  })

  app.get('/user', async (request, reply) => {
    const principal = await principalOf(identity, request)
    if (identity.isPublicUser(principal.userId)) {
      return reply.type('application/json').send({ user_id: principal.userId })
    }
    const user = identity.users.get(principal.userId)
    return reply.type('application/json').send({
      user_id: principal.userId,
      email: user?.email,
      api_keys: identity.keys.listForUser(principal.userId).map((key) => keyInfo(key))
    })
  })

  app.get('/user/memberships', async (request, reply) => {
    const principal = await principalOf(identity, request)
    identity.assertNotPublic(principal)
    const items = identity.memberships.listForUser(principal.userId).map((m) => {
      const org = identity.organizations.getById(m.organizationId)
      return {
        organization: org?.name ?? '',
        organization_id: m.organizationId,
        display_name: org?.display_name ?? '',
        roles: m.roles,
        active: m.active,
        created: m.created,
        ...(m.lastAccess ? { last_access: m.lastAccess } : {}),
        ...(m.comment ? { comment: m.comment } : {})
      }
    })
    return reply.type('application/json').send({ total: items.length, items })
  })

  app.get('/user/apikeys', async (request, reply) => {
    const principal = await principalOf(identity, request)
    identity.assertNotPublic(principal)
    const keys = identity.keys.listForUser(principal.userId).map((key) => keyInfo(key))
    return reply.type('application/json').send(keys)
  })

  app.post('/user/apikeys', async (request, reply) => {
    const principal = await principalOf(identity, request)
    identity.assertNotPublic(principal)
    const body = asObject(jsonBody(request))
    const rawComment = Array.isArray(body.comment) ? body.comment[0] : body.comment
    if (rawComment !== undefined && rawComment !== null && typeof rawComment !== 'string') {
      throw badRequest('"comment" must be a string.')
    }
    const { record, plaintext } = identity.createApiKey(principal.userId, rawComment ?? null)
    return reply.type('application/json').send(keyInfo(record, plaintext))
  })

  app.get('/user/apikeys/current', async (request, reply) => {
    const principal = await principalOf(identity, request)
    const key = identity.keys.get(principal.apiKeyId)
    if (!key) throw badRequest('The key in use no longer exists.')
    return reply.type('application/json').send(keyInfo(key))
  })

  app.delete<{ Params: { id: string } }>('/user/apikeys/:id', async (request, reply) => {
    const principal = await principalOf(identity, request)
    identity.assertNotPublic(principal)
    identity.deleteApiKey(principal, request.params.id)
    return reply.status(204).send()
  })

  const mintToken = async (request: FastifyRequest) => {
    const principal = await principalOf(identity, request)
    return identity.mintToken(principal, readTokenRequest(request), request.ip)
  }
  app.get('/user/apikeys/token', async (request, reply) =>
    reply.type('application/json').send(await mintToken(request))
  )
  app.post('/user/apikeys/token', async (request, reply) =>
    reply.type('application/json').send(await mintToken(request))
  )
}
