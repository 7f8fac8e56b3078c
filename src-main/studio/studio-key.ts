import type { Db } from '../storage/db'
import type { IdentityService } from '../identity/identity-service'
import { LOCAL_ORGANIZATION } from '../identity/bootstrap'
import { conflict } from '../errors'

const SETTING = 'studio_api_key_id'

/** Shown in `GET /user/apikeys`, so the owner can tell what the extra key is for. */
export const STUDIO_KEY_COMMENT =
  'Darkroom studio (web and desktop); deleting it signs the studio out'

/** The first active admin of the `local` organization: the person the studio acts for. */
export const findLocalOwner = (identity: IdentityService): string => {
  const org = identity.organizations.getByName(LOCAL_ORGANIZATION)
  const owner = org
    ? identity.memberships
        .listForOrganization(org.id)
        .find((member) => member.active && member.roles.includes('admin'))
    : undefined
  if (!owner) {
    throw conflict(
      `The studio acts for an admin of the organization "${LOCAL_ORGANIZATION}", and it has none.`
    )
  }
  return owner.userId
}

/**
 * The id of the API key studio tokens are minted from, created once per owner and kept in
 * `settings`. Its plaintext is dropped at once: minting needs only the id, and deleting the key
 * revokes every studio token, as for any key.
 */
export const ensureStudioKey = (db: Db, identity: IdentityService, userId: string): string =>
  db.transaction(() => {
    const row = db
      .prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
      .get(SETTING)
    const existing = row ? identity.keys.get(row.value) : undefined
    if (existing && existing.user_id === userId) return existing.id
    const { record } = identity.keys.create(userId, STUDIO_KEY_COMMENT)
    db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'
    ).run(SETTING, record.id)
    return record.id
  })()
