import { access, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Db } from '../storage/db'
import type { IdentityService } from './identity-service'

export const LOCAL_ORGANIZATION = 'local'
export const LOCAL_EMAIL = 'owner@darkroom.localhost'

export interface LocalCredentials {
  user_id: string
  email: string
  organization: string
  api_key: string
}

export const credentialsFile = (dataDir: string): string => join(dataDir, 'credentials.json')

/**
 * On the first start in an empty data folder: a user, the `local` organization and an admin
 * key, written to `credentials.json` (mode 0600) — the only place the key's plaintext exists.
 * Returns the file's path either way.
 */
export const ensureLocalOwner = async (
  db: Db,
  identity: IdentityService,
  dataDir: string
): Promise<{ file: string; created: boolean; present: boolean }> => {
  const file = credentialsFile(dataDir)
  const anyUser = db.prepare('SELECT 1 FROM users LIMIT 1').get()
  if (anyUser) {
    const present = await access(file).then(
      () => true,
      () => false
    )
    return { file, created: false, present }
  }
  const { user, apiKey } = identity.signUp(LOCAL_EMAIL, LOCAL_ORGANIZATION)
  const credentials: LocalCredentials = {
    user_id: user.id,
    email: user.email,
    organization: LOCAL_ORGANIZATION,
    api_key: apiKey
  }
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 })
  return { file, created: true, present: true }
}
