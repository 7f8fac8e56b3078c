import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../testing/test-app'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => t.close())

describe('API conventions', () => {
  it('answers JSON with exactly application/json, as rokka.js requires', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'api-key': t.apiKey } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.json().resources).toContain('/sourceimages')
  })

  it('refuses a missing key with 403 and invalid_authentication', async () => {
    const res = await t.app.inject({ url: '/' })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({
      code: 403,
      message: 'API credentials are not supplied or not a valid format.',
      invalid_authentication: true
    })
  })

  it('refuses a wrong key with 403', async () => {
    const res = await t.app.inject({ url: '/', headers: { 'api-key': 'x'.repeat(64) } })
    expect(res.statusCode).toBe(403)
    expect(res.json().invalid_authentication).toBe(true)
  })

  it('accepts the key as a Bearer token too', async () => {
    const res = await t.app.inject({ url: '/', headers: { authorization: `Bearer ${t.apiKey}` } })
    expect(res.statusCode).toBe(200)
  })

  it('accepts Api-Version 1 and absent, refuses others', async () => {
    const ok = await t.app.inject({ url: '/operations', headers: { 'api-version': '1' } })
    expect(ok.statusCode).toBe(200)
    const bad = await t.app.inject({ url: '/operations', headers: { 'api-version': '7' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/Api-Version 7 is not supported/)
  })

  it('answers unknown paths with a rokka-shaped 404', async () => {
    const res = await t.app.inject({ url: '/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 404, error: { code: 404 } })
  })

  it('parses JSON bodies whatever the content type (rokka.js sends text/plain)', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/stacks/local/plain',
      headers: { 'api-key': t.apiKey, 'content-type': 'text/plain;charset=UTF-8' },
      payload: JSON.stringify({ operations: [{ name: 'resize', options: { width: 100 } }] })
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().stack_operations).toEqual([{ name: 'resize', options: { width: 100 } }])
  })

  it('answers a malformed JSON body with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/stacks/local/broken',
      headers: { 'api-key': t.apiKey, 'content-type': 'application/json' },
      payload: '{"operations": ['
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('The request body is not valid JSON.')
  })

  it('writes dates in RFC 3339 with a colon offset', async () => {
    const res = await t.app.inject({ url: '/organizations/local', headers: { 'api-key': t.apiKey } })
    expect(res.json().created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
  })
})

describe('host and origin guard', () => {
  const cases: [string, number][] = [
    ['localhost', 200],
    ['127.0.0.1:3810', 200],
    ['[::1]:3810', 200],
    ['evil.example', 421],
    ['evil.example:3810', 421],
    ['127.0.0.1.nip.io:3810', 421],
    ['localhost.evil.example', 421]
  ]
  it.each(cases)('Host %s → %i', async (host, status) => {
    const res = await t.app.inject({ url: '/operations', headers: { host } })
    expect(res.statusCode).toBe(status)
    if (status === 421) expect(res.json().message).toMatch(/only answers requests addressed to this computer/)
  })

  it('sends {org}.localhost to the render routes, not the guard', async () => {
    const res = await t.app.inject({ url: '/nostack/abcdef.jpg', headers: { host: 'local.localhost:3810' } })
    expect(res.statusCode).toBe(404)
    expect(res.json().message).toMatch(/Stack "nostack" not found/)
  })

  it('refuses changes from a foreign web page', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/stacks/local/csrf',
      headers: { 'api-key': t.apiKey, origin: 'https://evil.example' },
      payload: '[]'
    })
    expect(res.statusCode).toBe(403)
  })

  it('refuses cross-site form posts that carry no Origin', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      payload: '{"email":"a@b.c"}'
    })
    expect(res.statusCode).toBe(403)
  })

  it('allows changes from its own origin', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/stacks/local/own',
      headers: { 'api-key': t.apiKey, origin: 'http://127.0.0.1:3810' },
      payload: '[]'
    })
    expect(res.statusCode).toBe(201)
  })
})
