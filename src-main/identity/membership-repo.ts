import type { Role } from '../../src-shared/api/organizations'
import type { Db } from '../storage/db'
import { nowRfc3339 } from '../storage/clock'

interface MembershipRow {
  user_id: string
  organization_id: string
  roles: string
  active: number
  comment: string | null
  created: string
  last_access: string | null
  email: string
}

export interface MembershipRecord {
  userId: string
  organizationId: string
  email: string
  roles: Role[]
  active: boolean
  comment: string | null
  created: string
  lastAccess: string | null
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged'

export interface MembershipRepo {
  get(userId: string, organizationId: string): MembershipRecord | undefined
  listForOrganization(organizationId: string): MembershipRecord[]
  listForUser(userId: string): MembershipRecord[]
  upsert(userId: string, organizationId: string, roles: Role[], comment: string | null): UpsertOutcome
  delete(userId: string, organizationId: string): boolean
  countActiveAdmins(organizationId: string): number
}

const fromRow = (row: MembershipRow): MembershipRecord => ({
  userId: row.user_id,
  organizationId: row.organization_id,
  email: row.email,
  roles: JSON.parse(row.roles) as Role[],
  active: row.active === 1,
  comment: row.comment,
  created: row.created,
  lastAccess: row.last_access
})

const sameRoles = (a: Role[], b: Role[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join()

export const createMembershipRepo = (db: Db): MembershipRepo => {
  const select = `SELECT m.*, u.email FROM memberships m JOIN users u ON u.id = m.user_id`
  const one = db.prepare<[string, string], MembershipRow>(
    `${select} WHERE m.user_id = ? AND m.organization_id = ?`
  )
  const byOrg = db.prepare<[string], MembershipRow>(
    `${select} WHERE m.organization_id = ? ORDER BY m.created, m.user_id`
  )
  const byUser = db.prepare<[string], MembershipRow>(
    `${select} WHERE m.user_id = ? ORDER BY m.created, m.organization_id`
  )
  const insert = db.prepare(
    'INSERT INTO memberships (user_id, organization_id, roles, comment, created) VALUES (?, ?, ?, ?, ?)'
  )
  const update = db.prepare(
    'UPDATE memberships SET roles = ?, comment = coalesce(?, comment) WHERE user_id = ? AND organization_id = ?'
  )
  const remove = db.prepare('DELETE FROM memberships WHERE user_id = ? AND organization_id = ?')
  const admins = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM memberships WHERE organization_id = ? AND active = 1
       AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = 'admin')`
  )
  const get = (userId: string, organizationId: string) => {
    const row = one.get(userId, organizationId)
    return row && fromRow(row)
  }
  return {
    get,
    listForOrganization: (organizationId) => byOrg.all(organizationId).map(fromRow),
    listForUser: (userId) => byUser.all(userId).map(fromRow),
    upsert: (userId, organizationId, roles, comment) => {
      const existing = get(userId, organizationId)
      if (!existing) {
        insert.run(userId, organizationId, JSON.stringify(roles), comment, nowRfc3339())
        return 'created'
      }
      if (sameRoles(existing.roles, roles) && (comment === null || comment === existing.comment)) {
        return 'unchanged'
      }
      update.run(JSON.stringify(roles), comment, userId, organizationId)
      return 'updated'
    },
    delete: (userId, organizationId) => remove.run(userId, organizationId).changes > 0,
    countActiveAdmins: (organizationId) => admins.get(organizationId)?.n ?? 0
  }
}
