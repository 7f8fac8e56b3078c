import { describe, expect, it } from 'vitest'
import type { SessionInfo } from '../api/types'
import { createSavedSession, jwtExpiry } from './saved-session'

const base64url = (text: string) =>
  btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

const jwt = (payload: Record<string, unknown>) =>
  `${base64url('{"alg":"HS256"}')}.${base64url(JSON.stringify(payload))}.signature`

const memoryStorage = () => {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key)
  }
}

const session = (token: string): SessionInfo => ({
  token,
  organization: 'local',
  apiUrl: 'http://127.0.0.1:9',
  renderBaseUrl: 'http://127.0.0.1:9/render'
})

describe('saved session', () => {
  it('reads the expiry of a JWT, and none of a malformed one', () => {
    expect(jwtExpiry(jwt({ exp: 1_900_000_000 }))).toBe(1_900_000_000)
    expect(jwtExpiry(jwt({ sub: 'x' }))).toBeNull()
    expect(jwtExpiry('not-a-jwt')).toBeNull()
    expect(jwtExpiry('a.%%%.c')).toBeNull()
  })

  it('gives back what was saved while its JWT is valid', () => {
    const storage = memoryStorage()
    const saved = createSavedSession(storage, () => 1000)
    saved.save(session(jwt({ exp: 2000 })))
    expect(saved.load()).toEqual(session(jwt({ exp: 2000 })))
  })

  it('drops a session whose JWT has expired', () => {
    const storage = memoryStorage()
    createSavedSession(storage, () => 1000).save(session(jwt({ exp: 2000 })))
    expect(createSavedSession(storage, () => 2000).load()).toBeNull()
    expect(storage.items.size).toBe(0)
  })

  it('drops garbage and sessions without an expiry', () => {
    const storage = memoryStorage()
    const saved = createSavedSession(storage, () => 1000)
    storage.setItem('darkroom.session', '{not json')
    expect(saved.load()).toBeNull()
    saved.save(session(jwt({ sub: 'owner' })))
    expect(saved.load()).toBeNull()
    storage.setItem('darkroom.session', JSON.stringify({ token: 1 }))
    expect(saved.load()).toBeNull()
    expect(storage.items.size).toBe(0)
  })

  it('forgets on request', () => {
    const storage = memoryStorage()
    const saved = createSavedSession(storage, () => 1000)
    saved.save(session(jwt({ exp: 2000 })))
    saved.forget()
    expect(saved.load()).toBeNull()
  })
})
