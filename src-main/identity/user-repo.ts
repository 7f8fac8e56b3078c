import { randomUUID } from 'node:crypto'
import type { Db } from '../storage/db'
import { nowRfc3339 } from '../storage/clock'

export interface UserRecord {
  id: string
  email: string
  created: string
}

export interface UserRepo {
  create(email: string): UserRecord
  get(id: string): UserRecord | undefined
}

export const createUserRepo = (db: Db): UserRepo => {
  const insert = db.prepare('INSERT INTO users (id, email, created) VALUES (?, ?, ?)')
  const byId = db.prepare<[string], UserRecord>('SELECT id, email, created FROM users WHERE id = ?')
  return {
    create: (email) => {
      const user = { id: randomUUID(), email, created: nowRfc3339() }
      insert.run(user.id, user.email, user.created)
      return user
    },
    get: (id) => byId.get(id)
  }
}
