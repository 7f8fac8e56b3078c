import { randomBytes, randomUUID } from 'node:crypto'
import type { Organization } from '../../src-shared/api/organizations'
import type { Db } from '../storage/db'
import { nowRfc3339 } from '../storage/clock'

interface OrganizationRow {
  id: string
  name: string
  display_name: string
  billing_email: string
  master_organization: string
  created: string
  options: string
  signing_key: string
}

export interface OrganizationRecord extends Omit<OrganizationRow, 'options'> {
  options: Record<string, unknown>
}

export interface NewOrganization {
  name: string
  displayName: string
  billingEmail: string
  masterOrganization?: string
}

export interface OrganizationRepo {
  create(input: NewOrganization): OrganizationRecord
  getByName(name: string): OrganizationRecord | undefined
  getById(id: string): OrganizationRecord | undefined
  setOptions(id: string, options: Record<string, unknown>): OrganizationRecord
}

/** rokka's organization names: lowercase letters, digits and dashes. */
export const ORGANIZATION_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/

const fromRow = (row: OrganizationRow): OrganizationRecord => ({
  ...row,
  options: JSON.parse(row.options) as Record<string, unknown>
})

/** The organization as the API shows it; signing keys only for admins. */
export const toApiOrganization = (org: OrganizationRecord, withKeys: boolean): Organization => ({
  id: org.id,
  name: org.name,
  display_name: org.display_name,
  billing_email: org.billing_email,
  created: org.created,
  master_organization: org.master_organization,
  options: org.options,
  ...(withKeys ? { signing_keys: [{ key: org.signing_key }] } : {})
})

export const createOrganizationRepo = (db: Db): OrganizationRepo => {
  const insert = db.prepare(
    `INSERT INTO organizations (id, name, display_name, billing_email, master_organization, created, options, signing_key)
     VALUES (@id, @name, @display_name, @billing_email, @master_organization, @created, @options, @signing_key)`
  )
  const byName = db.prepare<[string], OrganizationRow>('SELECT * FROM organizations WHERE name = ?')
  const byId = db.prepare<[string], OrganizationRow>('SELECT * FROM organizations WHERE id = ?')
  const updateOptions = db.prepare('UPDATE organizations SET options = ? WHERE id = ?')
  const getById = (id: string) => {
    const row = byId.get(id)
    return row && fromRow(row)
  }
  return {
    create: (input) => {
      const row: OrganizationRow = {
        id: randomUUID(),
        name: input.name,
        display_name: input.displayName,
        billing_email: input.billingEmail,
        master_organization: input.masterOrganization ?? input.name,
        created: nowRfc3339(),
        options: '{}',
        signing_key: randomBytes(24).toString('base64url')
      }
      insert.run(row)
      return fromRow(row)
    },
    getByName: (name) => {
      const row = byName.get(name)
      return row && fromRow(row)
    },
    getById,
    setOptions: (id, options) => {
      updateOptions.run(JSON.stringify(options), id)
      const org = getById(id)
      if (!org) throw new Error(`organization ${id} vanished`)
      return org
    }
  }
}
