import type { StackExpression, StackOperation } from '../../src-shared/api/stacks'
import type { Db } from '../storage/db'

/** A stored stack definition. */
export interface StackRecord {
  organizationId: string
  name: string
  created: string
  description: string | null
  operations: StackOperation[]
  options: Record<string, unknown>
  expressions: StackExpression[]
  variables: Record<string, unknown>
}

interface StackRow {
  organization_id: string
  name: string
  created: string
  description: string | null
  operations: string
  options: string
  expressions: string
  variables: string
}

const fromRow = (row: StackRow): StackRecord => ({
  organizationId: row.organization_id,
  name: row.name,
  created: row.created,
  description: row.description,
  operations: JSON.parse(row.operations) as StackOperation[],
  options: JSON.parse(row.options) as Record<string, unknown>,
  expressions: JSON.parse(row.expressions) as StackExpression[],
  variables: JSON.parse(row.variables) as Record<string, unknown>
})

export interface StackRepo {
  get(orgId: string, name: string): StackRecord | undefined
  /** Stacks ordered by name, starting after `afterName` when given. */
  list(orgId: string, limit: number, afterName?: string): StackRecord[]
  save(stack: StackRecord): void
  delete(orgId: string, name: string): boolean
}

export const createStackRepo = (db: Db): StackRepo => {
  const one = db.prepare<[string, string], StackRow>(
    'SELECT * FROM stacks WHERE organization_id = ? AND name = ?'
  )
  const page = db.prepare<[string, string, number], StackRow>(
    'SELECT * FROM stacks WHERE organization_id = ? AND name > ? ORDER BY name LIMIT ?'
  )
  const upsert = db.prepare(
    `INSERT INTO stacks (organization_id, name, created, description, operations, options, expressions, variables)
     VALUES (@organization_id, @name, @created, @description, @operations, @options, @expressions, @variables)
     ON CONFLICT (organization_id, name) DO UPDATE SET created = excluded.created,
       description = excluded.description, operations = excluded.operations,
       options = excluded.options, expressions = excluded.expressions, variables = excluded.variables`
  )
  const remove = db.prepare('DELETE FROM stacks WHERE organization_id = ? AND name = ?')
  return {
    get: (orgId, name) => {
      const row = one.get(orgId, name)
      return row && fromRow(row)
    },
    list: (orgId, limit, afterName = '') => page.all(orgId, afterName, limit).map(fromRow),
    save: (stack) => {
      upsert.run({
        organization_id: stack.organizationId,
        name: stack.name,
        created: stack.created,
        description: stack.description,
        operations: JSON.stringify(stack.operations),
        options: JSON.stringify(stack.options),
        expressions: JSON.stringify(stack.expressions),
        variables: JSON.stringify(stack.variables)
      })
    },
    delete: (orgId, name) => remove.run(orgId, name).changes > 0
  }
}
