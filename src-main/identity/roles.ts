import type { Role } from '../../src-shared/api/organizations'
import { ROLES } from '../../src-shared/api/organizations'

/** What each role grants besides itself (rokka's implication table). */
const IMPLIES: Record<Role, Role[]> = {
  admin: [...ROLES],
  write: [
    'read',
    'upload',
    'sourceimages:read',
    'sourceimages:write',
    'sourceimages:download:protected',
    'billing:read'
  ],
  'admin:read': ['read', 'sourceimages:read', 'sourceimages:download:protected'],
  read: ['sourceimages:read', 'sourceimages:download:protected'],
  'sourceimages:write': ['upload', 'sourceimages:read'],
  upload: [],
  'sourceimages:read': [],
  'sourceimages:download:protected': [],
  'sourceimages:unlock': [],
  'billing:read': []
}

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value)

/** True when any of `held` is `needed` or implies it. */
export const grants = (held: readonly Role[], needed: Role): boolean =>
  held.some((role) => role === needed || IMPLIES[role].includes(needed))

/** Users holding any of these anywhere are "public": they may not manage keys or list memberships. */
export const isPublicRoleSet = (roles: readonly Role[]): boolean =>
  roles.some((role) => role === 'read' || role === 'upload' || role === 'sourceimages:read')
