import type { Db } from '../storage/db'
import { nowRfc3339 } from '../storage/clock'

export interface AliasRecord {
  organizationId: string
  alias: string
  hash: string
  created: string
}

interface AliasRow {
  organization_id: string
  alias: string
  hash: string
  created: string
}

/** rokka's alias names: letters, digits and underscores. */
export const ALIAS_NAME = /^[a-zA-Z0-9_]{1,128}$/

const fromRow = (row: AliasRow): AliasRecord => ({
  organizationId: row.organization_id,
  alias: row.alias,
  hash: row.hash,
  created: row.created
})

/** Named pointers to source images (`-_name_-` in render URLs). */
export const createAliasRepo = (db: Db) => {
  const one = db.prepare<[string, string], AliasRow>(
    'SELECT * FROM aliases WHERE organization_id = ? AND alias = ?'
  )
  const upsert = db.prepare(
    `INSERT INTO aliases (organization_id, alias, hash, created) VALUES (?, ?, ?, ?)
     ON CONFLICT (organization_id, alias) DO UPDATE SET hash = excluded.hash, created = excluded.created`
  )
  const remove = db.prepare('DELETE FROM aliases WHERE organization_id = ? AND alias = ?')
  return {
    get: (orgId: string, alias: string): AliasRecord | undefined => {
      const row = one.get(orgId, alias)
      return row && fromRow(row)
    },
    set: (orgId: string, alias: string, hash: string): AliasRecord => {
      const record = { organizationId: orgId, alias, hash, created: nowRfc3339() }
      upsert.run(orgId, alias, hash, record.created)
      return record
    },
    delete: (orgId: string, alias: string): boolean => remove.run(orgId, alias).changes > 0
  }
}

export type AliasRepo = ReturnType<typeof createAliasRepo>
