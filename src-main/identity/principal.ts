import type { Role } from '../../src-shared/api/organizations'

/** Who is calling: the user, and the key the call was made with (directly or through a token). */
export interface Principal {
  userId: string
  apiKeyId: string
  viaToken: boolean
  /** Token claims when authenticated by JWT (for renewal rules). */
  token?: { expt: number; rn: boolean }
}

export interface OrganizationAccess {
  organizationId: string
  organizationName: string
  roles: Role[]
}
