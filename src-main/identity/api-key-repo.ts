import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Db } from '../storage/db'
import { nowRfc3339 } from '../storage/clock'

export interface ApiKeyRecord {
  id: string
  user_id: string
  comment: string | null
  created: string
  accessed: string | null
}

export interface ApiKeyRepo {
  /** Creates a key and returns its plaintext once; only its SHA-256 is stored. */
  create(userId: string, comment: string | null): { record: ApiKeyRecord; plaintext: string }
  findByPlaintext(plaintext: string): ApiKeyRecord | undefined
  get(id: string): ApiKeyRecord | undefined
  listForUser(userId: string): ApiKeyRecord[]
  countForUser(userId: string): number
  delete(id: string): boolean
  touch(id: string): void
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

const randomAlphanumeric = (length: number): string => {
  const bytes = randomBytes(length * 2)
  let out = ''
  // Rejection sampling keeps every character equally likely.
  for (const byte of bytes) {
    if (byte < 248) out += ALPHANUMERIC[byte % 62]
    if (out.length === length) return out
  }
  return out + randomAlphanumeric(length - out.length)
}

export const hashApiKey = (plaintext: string): string =>
  createHash('sha256').update(plaintext).digest('hex')

/** rokka's key shape: a 32-char lowercase prefix derived from the user id, then a 32-char secret. */
const newKeyText = (userId: string): string =>
  createHash('sha256').update(userId).digest('hex').slice(0, 32) + randomAlphanumeric(32)

export const createApiKeyRepo = (db: Db): ApiKeyRepo => {
  const columns = 'id, user_id, comment, created, accessed'
  const insert = db.prepare(
    'INSERT INTO api_keys (id, user_id, key_hash, comment, created) VALUES (?, ?, ?, ?, ?)'
  )
  const byHash = db.prepare<[string], ApiKeyRecord>(
    `SELECT ${columns} FROM api_keys WHERE key_hash = ?`
  )
  const byId = db.prepare<[string], ApiKeyRecord>(`SELECT ${columns} FROM api_keys WHERE id = ?`)
  const byUser = db.prepare<[string], ApiKeyRecord>(
    `SELECT ${columns} FROM api_keys WHERE user_id = ? ORDER BY created, id`
  )
  const countByUser = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM api_keys WHERE user_id = ?'
  )
  const remove = db.prepare('DELETE FROM api_keys WHERE id = ?')
  const touch = db.prepare('UPDATE api_keys SET accessed = ? WHERE id = ?')
  return {
    create: (userId, comment) => {
      const plaintext = newKeyText(userId)
      const record: ApiKeyRecord = {
        id: randomUUID(),
        user_id: userId,
        comment,
        created: nowRfc3339(),
        accessed: null
      }
      insert.run(record.id, userId, hashApiKey(plaintext), comment, record.created)
      return { record, plaintext }
    },
    findByPlaintext: (plaintext) => byHash.get(hashApiKey(plaintext)),
    get: (id) => byId.get(id),
    listForUser: (userId) => byUser.all(userId),
    countForUser: (userId) => countByUser.get(userId)?.n ?? 0,
    delete: (id) => remove.run(id).changes > 0,
    touch: (id) => {
      touch.run(nowRfc3339(), id)
    }
  }
}
