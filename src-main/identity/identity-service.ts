import type { Role } from '../../src-shared/api/organizations'
import type { Db } from '../storage/db'
import {
  badRequest,
  conflict,
  forbidden,
  invalidApiKey,
  invalidToken,
  missingCredentials,
  notFound
} from '../errors'
import { createApiKeyRepo, type ApiKeyRecord } from './api-key-repo'
import { createMembershipRepo, type MembershipRecord, type UpsertOutcome } from './membership-repo'
import {
  createOrganizationRepo,
  ORGANIZATION_NAME,
  type OrganizationRecord
} from './organization-repo'
import type { Principal } from './principal'
import { grants, isPublicRoleSet, isRole } from './roles'
import { createTokenService, type TokenRequest } from './token-service'
import { createUserRepo, type UserRecord } from './user-repo'

const MAX_KEYS_PER_USER = 5
const API_KEY_SHAPE = /^(?:[0-9A-Za-z]{32}|[0-9a-z]{32}[0-9A-Za-z]{32})$/
const EMAIL = /^[^\s@]+@[^\s@]+$/

export interface Credentials {
  apiKey?: string
  bearer?: string
  ip: string
}

export const parseRoles = (value: unknown): Role[] => {
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.length === 0) {
    throw badRequest('roles must be a non-empty array, e.g. ["read"].')
  }
  for (const role of list) {
    if (!isRole(role)) {
      throw badRequest(
        `Unknown role ${JSON.stringify(role)}; use admin, write, read, upload or one of the sourceimages:* roles.`
      )
    }
  }
  return [...new Set(list as Role[])]
}

export const assertOrganizationName = (name: string): void => {
  if (!ORGANIZATION_NAME.test(name)) {
    throw badRequest(
      `Organization name "${name}" is not valid: use lowercase letters, digits and dashes (at most 63).`
    )
  }
}

/** Users, keys, tokens, organizations and memberships: who may do what where. */
export const createIdentityService = (db: Db) => {
  const users = createUserRepo(db)
  const keys = createApiKeyRepo(db)
  const organizations = createOrganizationRepo(db)
  const memberships = createMembershipRepo(db)
  const tokens = createTokenService(db)

  const principalForKey = (plaintext: string): Principal => {
    const key = keys.findByPlaintext(plaintext)
    if (!key) throw invalidApiKey()
    // Writing on every request would cost an fsync; an hour's precision is plenty.
    if (!key.accessed || Date.parse(key.accessed) < Date.now() - 3_600_000) keys.touch(key.id)
    return { userId: key.user_id, apiKeyId: key.id, viaToken: false }
  }

  const authenticate = async (credentials: Credentials): Promise<Principal> => {
    if (credentials.apiKey) return principalForKey(credentials.apiKey.trim())
    const bearer = credentials.bearer?.trim()
    if (!bearer) throw missingCredentials()
    if (API_KEY_SHAPE.test(bearer)) return principalForKey(bearer)
    const claims = await tokens.verify(bearer, credentials.ip)
    // a token is as good as its key: 401 (not 403) so clients drop the token and log in again
    if (!keys.get(claims.kid)) throw invalidToken('its API key has been deleted')
    return {
      userId: claims.id,
      apiKeyId: claims.kid,
      viaToken: true,
      token: { expt: claims.expt, rn: claims.rn }
    }
  }

  const rolesOf = (userId: string, org: OrganizationRecord): Role[] => {
    const membership = memberships.get(userId, org.id)
    return membership?.active ? membership.roles : []
  }

  /** The organization if the caller holds `role` there; 403 otherwise (also for unknown names). */
  const authorize = (principal: Principal, orgName: string, role: Role): OrganizationRecord => {
    const org = organizations.getByName(orgName)
    const roles = org ? rolesOf(principal.userId, org) : []
    if (!org || roles.length === 0) {
      throw forbidden(`You have no access to organization "${orgName}" (or it does not exist).`)
    }
    if (!grants(roles, role)) {
      throw forbidden(`This needs the "${role}" role in organization "${orgName}".`)
    }
    return org
  }

  const hasRole = (principal: Principal, org: OrganizationRecord, role: Role) =>
    grants(rolesOf(principal.userId, org), role)

  const isPublicUser = (userId: string) =>
    isPublicRoleSet(memberships.listForUser(userId).flatMap((m) => m.roles))

  const assertNotPublic = (principal: Principal) => {
    if (isPublicUser(principal.userId)) {
      throw forbidden(
        'This user is marked as read-only and may not manage API keys or list memberships.'
      )
    }
  }

  const createOrganization = (
    userId: string,
    name: string,
    input: { displayName?: string; billingEmail?: string; masterOrganization?: string }
  ): OrganizationRecord => {
    assertOrganizationName(name)
    if (organizations.getByName(name)) throw conflict(`Organization "${name}" already exists.`)
    const user = users.get(userId)
    const org = db.transaction(() => {
      const created = organizations.create({
        name,
        displayName: input.displayName || name,
        billingEmail: input.billingEmail || user?.email || '',
        masterOrganization: input.masterOrganization
      })
      memberships.upsert(userId, created.id, ['admin'], null)
      return created
    })()
    return org
  }

  const signUp = (email: string, organization?: string) => {
    if (!EMAIL.test(email)) throw badRequest(`"${email}" is not an e-mail address.`)
    if (organization !== undefined) {
      assertOrganizationName(organization)
      if (organizations.getByName(organization)) {
        throw conflict(`Organization "${organization}" already exists.`)
      }
    }
    return db.transaction(() => {
      const user = users.create(email)
      const { plaintext } = keys.create(user.id, 'created at sign-up')
      if (organization !== undefined) createOrganization(user.id, organization, {})
      return { user, apiKey: plaintext }
    })()
  }

  /** Keeps at least one active admin in every organization. */
  const assertKeepsAnAdmin = (org: OrganizationRecord, userId: string, newRoles: Role[] | null) => {
    const current = memberships.get(userId, org.id)
    const isAdminNow = current?.active && current.roles.includes('admin')
    const staysAdmin = newRoles?.includes('admin') ?? false
    if (isAdminNow && !staysAdmin && memberships.countActiveAdmins(org.id) <= 1) {
      throw conflict(`Organization "${org.name}" must keep at least one admin.`)
    }
  }

  return {
    users,
    keys,
    organizations,
    memberships,
    authenticate,
    authorize,
    hasRole,
    isPublicUser,
    assertNotPublic,
    signUp,
    createOrganization,

    createApiKey: (userId: string, comment: string | null) => {
      if (keys.countForUser(userId) >= MAX_KEYS_PER_USER) {
        throw badRequest(`A user can have at most ${MAX_KEYS_PER_USER} API keys; delete one first.`)
      }
      return keys.create(userId, comment)
    },

    deleteApiKey: (principal: Principal, keyId: string) => {
      const key = keys.get(keyId)
      if (!key || key.user_id !== principal.userId) throw notFound(`API key "${keyId}" not found.`)
      if (key.id === principal.apiKeyId) {
        throw badRequest('The API key in use cannot delete itself; use another key.')
      }
      keys.delete(keyId)
    },

    mintToken: async (principal: Principal, request: TokenRequest, ip: string) => {
      if (principal.viaToken && principal.token && !principal.token.rn) {
        throw forbidden('This token is not renewable; ask for a new one with an API key.')
      }
      const renewing = principal.viaToken && principal.token
        ? { id: principal.userId, kid: principal.apiKeyId, exp: 0, ips: [], ...principal.token }
        : undefined
      return tokens.mint(principal.userId, principal.apiKeyId, request, ip, renewing)
    },

    setMembership: (
      org: OrganizationRecord,
      userId: string,
      roles: Role[],
      comment: string | null
    ): { outcome: UpsertOutcome; membership: MembershipRecord } => {
      if (!users.get(userId)) throw notFound(`User "${userId}" not found.`)
      assertKeepsAnAdmin(org, userId, roles)
      const outcome = memberships.upsert(userId, org.id, roles, comment)
      const membership = memberships.get(userId, org.id)
      if (!membership) throw new Error('membership vanished after upsert')
      return { outcome, membership }
    },

    createMemberWithNewUser: (
      org: OrganizationRecord,
      inviter: UserRecord,
      roles: Role[],
      comment: string | null
    ) =>
      db.transaction(() => {
        const user = users.create(inviter.email)
        const { plaintext } = keys.create(user.id, comment)
        memberships.upsert(user.id, org.id, roles, comment)
        const membership = memberships.get(user.id, org.id) as MembershipRecord
        return { membership, apiKey: plaintext }
      })(),

    removeMembership: (org: OrganizationRecord, userId: string) => {
      if (!memberships.get(userId, org.id)) {
        throw notFound(`User "${userId}" is not a member of "${org.name}".`)
      }
      assertKeepsAnAdmin(org, userId, null)
      memberships.delete(userId, org.id)
    }
  }
}

export type IdentityService = ReturnType<typeof createIdentityService>
export type { ApiKeyRecord }
