import { describe, expect, it } from 'vitest'
import { failure, RFC3339, useApiServer, UUID } from './server'

const server = useApiServer()

/** rokka's current key shape: 32 lowercase characters derived from the user, 32 random ones. */
const API_KEY = /^[0-9a-z]{32}[0-9A-Za-z]{32}$/
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/

const decodeJwtPayload = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >

describe('users.getId / user.getId / user.get', () => {
  it('return the id of the owner the server created on first start', async () => {
    const { client, credentials } = server
    expect(credentials.user_id).toMatch(UUID)
    await expect(client.users.getId()).resolves.toBe(credentials.user_id)
    await expect(client.user.getId()).resolves.toBe(credentials.user_id)
  })

  it('user.get returns user_id, email and the key metadata, never a key in plain text', async () => {
    const { client, credentials } = server
    const res = await client.user.get()
    expect(res.statusCode).toBe(200)
    expect(res.body.user_id).toBe(credentials.user_id)
    expect(res.body.email).toBe(credentials.email)
    expect(res.body.api_keys.length).toBeGreaterThanOrEqual(1)
    for (const key of res.body.api_keys) {
      expect(key.id).toMatch(UUID)
      expect(key.created).toMatch(RFC3339)
      expect(key).not.toHaveProperty('api_key')
      expect(JSON.stringify(key)).not.toContain(credentials.api_key)
    }
  })

  it('refuses a wrong key with 403 and invalid_authentication (rokka answers 403, not 401)', async () => {
    const stranger = server.clientFor('0'.repeat(32) + 'A'.repeat(32))
    const error = await failure(stranger.user.get(), 403)
    expect(error.body.invalid_authentication).toBe(true)
  })

  it('refuses a client without any key locally, before sending anything', async () => {
    await expect(server.clientFor().user.get()).rejects.toThrow(
      'Missing required property `apiKey`'
    )
  })
})

describe('users.create (sign-up, no authentication)', () => {
  it('creates a user with a working key and, when asked, an organization it administers', async () => {
    const anonymous = server.clientFor()
    const res = await anonymous.users.create('signup@example.org', 'signup-org')
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatchObject({ email: 'signup@example.org' })
    expect(res.body.id).toMatch(UUID)
    expect(res.body.api_key).toMatch(API_KEY)

    const newcomer = server.clientFor(res.body.api_key)
    await expect(newcomer.users.getId()).resolves.toBe(res.body.id)
    const org = await newcomer.organizations.get('signup-org')
    expect(org.body.name).toBe('signup-org')
    const members = await newcomer.memberships.list('signup-org')
    expect(members.body.items).toEqual([
      expect.objectContaining({ user_id: res.body.id, roles: ['admin'], active: true })
    ])
    // a fresh user has no say in anybody else's organization
    await failure(newcomer.organizations.get(server.org), 403)
  })

  it('creates a user without an organization', async () => {
    const res = await server.clientFor().users.create('loner@example.org')
    expect(res.statusCode).toBe(200)
    const loner = server.clientFor(res.body.api_key)
    const me = await loner.user.get()
    expect(me.body).toMatchObject({ user_id: res.body.id, email: 'loner@example.org' })
    expect(me.body.api_keys).toHaveLength(1)
  })

  it('refuses an invalid e-mail address (400) and an organization name that is taken (409)', async () => {
    const anonymous = server.clientFor()
    await failure(anonymous.users.create('not-an-address'), 400)
    await failure(anonymous.users.create('late@example.org', server.org), 409)
    await failure(anonymous.users.create('bad@example.org', 'Not_Valid'), 400)
  })
})

describe('user API keys', () => {
  it('addApiKey → listApiKeys → getCurrentApiKey → deleteApiKey', async () => {
    const { client, credentials } = server
    const added = await client.user.addApiKey('ci key')
    expect(added.statusCode).toBe(200)
    expect(added.body.id).toMatch(UUID)
    expect(added.body.comment).toBe('ci key')
    expect(added.body.created).toMatch(RFC3339)
    expect(added.body.api_key).toMatch(API_KEY)
    expect(added.body.api_key).not.toBe(credentials.api_key)

    const listed = await client.user.listApiKeys()
    expect(listed.statusCode).toBe(200)
    expect(Array.isArray(listed.body)).toBe(true)
    const entry = listed.body.find((key) => key.id === added.body.id)
    expect(entry).toMatchObject({ id: added.body.id, comment: 'ci key' })
    expect(entry).not.toHaveProperty('api_key')

    // the new key belongs to the same user and reports itself as the current key
    const second = server.clientFor(added.body.api_key as string)
    await expect(second.user.getId()).resolves.toBe(credentials.user_id)
    const current = await second.user.getCurrentApiKey()
    expect(current.statusCode).toBe(200)
    expect(current.body).toMatchObject({ id: added.body.id, comment: 'ci key' })
    expect(current.body).not.toHaveProperty('api_key')
    const ownCurrent = await client.user.getCurrentApiKey()
    expect(ownCurrent.body.id).not.toBe(added.body.id)

    const deleted = await client.user.deleteApiKey(added.body.id)
    expect(deleted.statusCode).toBe(204)
    const error = await failure(second.user.get(), 403)
    expect(error.body.invalid_authentication).toBe(true)
    const after = await client.user.listApiKeys()
    expect(after.body.map((key) => key.id)).not.toContain(added.body.id)
  })

  it('refuses to delete the key in use (400) and unknown keys (404)', async () => {
    const { client } = server
    const current = await client.user.getCurrentApiKey()
    await failure(client.user.deleteApiKey(current.body.id), 400)
    await failure(client.user.deleteApiKey('00000000-0000-4000-8000-000000000000'), 404)
    await expect(client.user.getId()).resolves.toBe(server.credentials.user_id)
  })

  it('allows at most 5 keys per user', async () => {
    const signup = await server.clientFor().users.create('keys@example.org')
    const user = server.clientFor(signup.body.api_key)
    for (let i = 2; i <= 5; i++) await user.user.addApiKey(`key ${i}`)
    expect((await user.user.listApiKeys()).body).toHaveLength(5)
    await failure(user.user.addApiKey('one too many'), 400)
  })
})

describe('user.getNewToken and token authentication', () => {
  it('mints a JWT whose payload names the user, its lifetime and the caller address', async () => {
    const { client, credentials } = server
    const before = Math.floor(Date.now() / 1000)
    const res = await client.user.getNewToken()
    expect(res.statusCode).toBe(200)
    expect(res.body.token).toMatch(JWT)
    const { payload } = res.body
    expect(payload).toMatchObject({ id: credentials.user_id, expt: 86400, rn: true })
    expect(payload.ips).toEqual(['127.0.0.1'])
    expect(payload.exp).toBeGreaterThanOrEqual(before + 86400)
    expect(payload.exp).toBeLessThanOrEqual(before + 86400 + 5)
    // the client decodes the payload itself: it must be the JWT's own claims
    expect(decodeJwtPayload(res.body.token as string)).toMatchObject(payload)

    const short = await client.user.getNewToken(undefined, { expires_in: 600, renewable: false })
    expect(short.body.payload).toMatchObject({ expt: 600, rn: false })
  })

  it('authenticates with the token alone (Authorization: Bearer) and keeps it through callbacks', async () => {
    let stored: string | null = (await server.client.user.getNewToken()).body.token
    const withToken = server.clientFor(undefined, {
      apiTokenGetCallback: () => stored,
      apiTokenSetCallback: (token) => {
        stored = token
      }
    })
    await expect(withToken.user.getId()).resolves.toBe(server.credentials.user_id)
    expect(withToken.user.getToken()).toBe(stored)
    expect(withToken.user.getTokenIsValidFor()).toBeGreaterThan(86400 - 60)
    expect(withToken.user.isTokenExpiring()).toBe(false)
    expect(withToken.user.isTokenExpiring(2 * 86400)).toBe(true)
    const orgs = await withToken.organizations.get(server.org)
    expect(orgs.body.name).toBe(server.org)

    // setToken hands a token to the storage callback; a short one counts as expiring
    const short = (await server.client.user.getNewToken(undefined, { expires_in: 120 })).body
    withToken.user.setToken(short.token)
    expect(stored).toBe(short.token)
    expect(withToken.user.getTokenIsValidFor()).toBeLessThanOrEqual(120)
    expect(withToken.user.isTokenExpiring()).toBe(true)
  })

  it('renews a token about to expire with the token itself, as the client does on its own', async () => {
    let stored: string | null = null
    let renewals = 0
    const client = server.clientFor(server.credentials.api_key, {
      apiTokenOptions: { expires_in: 600 },
      apiTokenGetCallback: () => stored,
      apiTokenSetCallback: (token) => {
        stored = token
        renewals++
      }
    })
    // first call: no token yet, so the client fetches one with its API key
    await expect(client.user.getId()).resolves.toBe(server.credentials.user_id)
    expect(renewals).toBe(1)
    expect(stored).toMatch(JWT)
    expect(decodeJwtPayload(stored as unknown as string)).toMatchObject({ expt: 600, rn: true })
    // 600 s is within the default refresh window of 3600 s: the next call renews it first
    await expect(client.user.getId()).resolves.toBe(server.credentials.user_id)
    expect(renewals).toBe(2)
    expect(stored).toMatch(JWT)
  })

  it('answers 401 to a forged token, and the client clears its stored token', async () => {
    let stored: string | null =
      'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6InNvbWVvbmUiLCJydSI6ZmFsc2V9.c2lnbmF0dXJl'
    const forged = server.clientFor(undefined, {
      apiTokenGetCallback: () => stored,
      apiTokenSetCallback: (token) => {
        stored = token
      }
    })
    const error = await failure(forged.user.get(), 401)
    expect(error.body.invalid_authentication).toBe(true)
    expect(stored).toBe('')
  })

  it('revokes the tokens of a deleted key with 401, so the client drops the token', async () => {
    const added = await server.client.user.addApiKey('short-lived')
    const keyClient = server.clientFor(added.body.api_key as string)
    let stored: string | null = (await keyClient.user.getNewToken()).body.token
    const tokenClient = server.clientFor(undefined, {
      apiTokenGetCallback: () => stored,
      apiTokenSetCallback: (token) => {
        stored = token
      }
    })
    await expect(tokenClient.user.getId()).resolves.toBe(server.credentials.user_id)
    await server.client.user.deleteApiKey(added.body.id)
    const error = await failure(tokenClient.user.get(), 401)
    expect(error.body.invalid_authentication).toBe(true)
    expect(stored).toBe('')
  })
})
