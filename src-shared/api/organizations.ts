export type Role =
  | 'admin'
  | 'admin:read'
  | 'write'
  | 'read'
  | 'upload'
  | 'sourceimages:read'
  | 'sourceimages:write'
  | 'sourceimages:download:protected'
  | 'sourceimages:unlock'
  | 'billing:read'

export const ROLES: readonly Role[] = [
  'admin',
  'admin:read',
  'write',
  'read',
  'upload',
  'sourceimages:read',
  'sourceimages:write',
  'sourceimages:download:protected',
  'sourceimages:unlock',
  'billing:read'
]

export interface Organization {
  id: string
  name: string
  display_name: string
  billing_email: string
  created: string
  master_organization: string
  options: Record<string, unknown>
  signing_keys?: { key: string }[]
}

export interface Membership {
  user_id: string
  email: string
  organization_id: string
  roles: Role[]
  active: boolean
  created: string
  last_access?: string
  comment?: string
  api_key?: string
}

export interface UserMembership {
  organization: string
  organization_id: string
  display_name: string
  roles: Role[]
  active: boolean
  created: string
  last_access?: string
  comment?: string
}
