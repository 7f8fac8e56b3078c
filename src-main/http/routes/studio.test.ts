import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestApp, type TestApp } from '../../testing/test-app'
import { STUDIO_KEY_COMMENT } from '../../studio/studio-key'

const EXPECTED_CSP =
  "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
const HOST = '127.0.0.1:3810'

let scratch: string
let studioDir: string
let t: TestApp

const openSession = (token: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/_darkroom/session',
    headers: { host: HOST, 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ token })
  })

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers: { host: HOST, ...headers } })

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'darkroom-studio-'))
  studioDir = join(scratch, 'renderer')
  await mkdir(join(studioDir, 'assets'), { recursive: true })
  await writeFile(join(studioDir, 'index.html'), '<!doctype html><title>Studio</title>')
  await writeFile(join(studioDir, 'assets', 'index-4f2a9c.js'), 'console.log(1)')
  await writeFile(join(studioDir, '.env'), 'SECRET=studio')
  await writeFile(join(scratch, 'secret.txt'), 'SECRET=outside')
  t = await createTestApp({}, { studioDir })
})

afterAll(async () => {
  await t.close()
  await rm(scratch, { recursive: true, force: true })
})

describe('POST /_darkroom/session', () => {
  it('trades a launch token once for a working, renewable owner token', async () => {
    const launch = t.services.studio.issueLaunchToken()
    const response = await openSession(launch)
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('no-store')
    const session = response.json() as Record<string, string>
    expect(session).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      organization: 'local',
      apiUrl: `http://${HOST}`,
      renderBaseUrl: `http://${HOST}/render/local`
    })
    const bearer = { authorization: `Bearer ${session.token}` }
    expect((await get('/sourceimages/local', bearer)).statusCode).toBe(200)
    const renewed = await t.app.inject({
      method: 'POST',
      url: '/user/apikeys/token',
      headers: { host: HOST, ...bearer }
    })
    expect(renewed.statusCode).toBe(200)

    const again = await openSession(launch)
    expect(again.statusCode).toBe(403)
    expect(again.json()).toMatchObject({ code: 403, reason: 'forbidden' })
  })

  it('refuses unknown tokens with 403 and malformed bodies with 400', async () => {
    t.services.studio.issueLaunchToken()
    expect((await openSession('not-the-token')).statusCode).toBe(403)
    expect((await openSession('')).statusCode).toBe(400)
    expect((await openSession(42)).statusCode).toBe(400)
    expect((await openSession('x'.repeat(10_000))).statusCode).toBe(400)
  })

  it('refuses other web pages before the token is spent', async () => {
    const launch = t.services.studio.issueLaunchToken()
    const foreign = await openSession(launch, { origin: 'http://evil.example' })
    expect(foreign.statusCode).toBe(403)
    expect((await openSession(launch, { origin: `http://${HOST}` })).statusCode).toBe(200)
  })

  it('mints from one studio key, stored only as a hash, and recreates it if deleted', async () => {
    const ownerKey = { 'api-key': t.apiKey }
    const studioKeys = async () => {
      const response = await get('/user/apikeys', ownerKey)
      const keys = response.json() as { id: string; comment: string | null }[]
      return keys.filter((key) => key.comment === STUDIO_KEY_COMMENT)
    }
    const first = (await openSession(t.services.studio.issueLaunchToken())).json() as {
      token: string
    }
    await openSession(t.services.studio.issueLaunchToken())
    const keys = await studioKeys()
    expect(keys).toHaveLength(1)
    const row = t.services.db.prepare('SELECT * FROM api_keys WHERE id = ?').get(keys[0]?.id)
    expect(Object.keys(row as object).sort()).toEqual(
      ['accessed', 'comment', 'created', 'id', 'key_hash', 'user_id'].sort()
    )
    expect((row as { key_hash: string }).key_hash).toMatch(/^[0-9a-f]{64}$/)

    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/user/apikeys/${keys[0]?.id}`,
      headers: { host: HOST, ...ownerKey }
    })
    expect(deleted.statusCode).toBeLessThan(300)
    const revoked = await get('/sourceimages/local', { authorization: `Bearer ${first.token}` })
    expect(revoked.statusCode).toBe(401)
    const fresh = (await openSession(t.services.studio.issueLaunchToken())).json() as {
      token: string
    }
    expect(
      (await get('/sourceimages/local', { authorization: `Bearer ${fresh.token}` })).statusCode
    ).toBe(200)
    expect(await studioKeys()).toHaveLength(1)
  })
})

describe('GET /studio/', () => {
  it('S13: the CSP allows scripts only from the studio itself: no inline, eval or remote script', () => {
    const scripts = /script-src ([^;]*)/.exec(EXPECTED_CSP)?.[1] ?? ''
    expect(scripts.split(' ')).toEqual(["'self'"])
    expect(EXPECTED_CSP).not.toMatch(/unsafe-eval|\*|https?:/)
    expect(EXPECTED_CSP).toMatch(/^default-src 'self';/)
  })

  it('S13: serves index.html with the strict CSP (no inline or remote script) and no-cache', async () => {
    const response = await get('/studio/')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['content-security-policy']).toBe(EXPECTED_CSP)
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.body).toContain('<title>Studio</title>')
  })

  it('sends /studio to /studio/ so relative asset URLs resolve', async () => {
    const response = await get('/studio?x=1')
    expect(response.statusCode).toBe(301)
    expect(response.headers.location).toBe('/studio/?x=1')
  })

  it('serves hashed assets with a long cache and answers 304 to a matching ETag', async () => {
    const response = await get('/studio/assets/index-4f2a9c.js')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(response.headers['content-security-policy']).toBe(EXPECTED_CSP)
    const etag = String(response.headers.etag)
    expect(
      (await get('/studio/assets/index-4f2a9c.js', { 'if-none-match': etag })).statusCode
    ).toBe(304)
  })

  it.each([
    '/studio/../secret.txt',
    '/studio/%2e%2e/secret.txt',
    '/studio/..%2fsecret.txt',
    '/studio/..%5csecret.txt',
    '/studio/assets/..%2f..%2fsecret.txt',
    '/studio/%2e%2e%2f%2e%2e%2fpackage.json',
    '/studio/.env',
    '/studio/assets',
    '/studio/missing.js'
  ])('refuses %s', async (url) => {
    const response = await get(url)
    expect(response.statusCode).toBe(404)
    expect(response.body).not.toContain('SECRET')
  })

  it('answers 503 with build instructions when the studio is not built', async () => {
    const unbuilt = await createTestApp({}, { studioDir: join(scratch, 'nowhere') })
    const noDir = await createTestApp()
    try {
      for (const app of [unbuilt.app, noDir.app]) {
        const response = await app.inject({
          method: 'GET',
          url: '/studio/',
          headers: { host: HOST }
        })
        expect(response.statusCode).toBe(503)
        expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
        expect(response.headers['content-security-policy']).toBe(EXPECTED_CSP)
        expect(response.body).toContain('npm run build:renderer')
      }
    } finally {
      await unbuilt.close()
      await noDir.close()
    }
  })
})
