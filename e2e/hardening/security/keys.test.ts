import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { useHeadlessTarget } from '../support/target-server'
import { recordFigures } from '../support/figures'

const target = useHeadlessTarget()

interface Tenant {
  org: string
  key: string
  hash: string
}
let other: Tenant
let mine: Tenant

const call = (key: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
  target.send(path, { method, body, headers: { 'api-key': key, 'content-type': 'application/json', ...headers } })

const signUp = async (org: string): Promise<string> => {
  const answer = await target.send('/users', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${org}@example.com`, organization: org })
  })
  expect(answer.status, answer.text()).toBe(200)
  return answer.json<{ api_key: string }>().api_key
}

const uploadAs = async (key: string, org: string, colour: string) => {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: colour } }).png().toBuffer()
  const answer = await target.upload([{ name: 'filedata', filename: 'secret-name.png', data: png }], {
    headers: { 'api-key': key }
  })
  if (org !== 'local') throw new Error('uploads go to local in this helper')
  return answer.json<{ items: { hash: string }[] }>().items[0]?.hash as string
}

beforeAll(async () => {
  mine = { org: 'local', key: target.apiKey, hash: await uploadAs(target.apiKey, 'local', '#aa0000') }
  const key = await signUp('tenantb')
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00bb00' } }).png().toBuffer()
  const { multipart } = await import('../support/multipart')
  const form = multipart([{ name: 'filedata', filename: 'b-secret.png', data: png }])
  const uploaded = await target.send('/sourceimages/tenantb', { method: 'POST', body: form.body, headers: { 'api-key': key, 'content-type': form.contentType } })
  expect(uploaded.status).toBe(201)
  other = { org: 'tenantb', key, hash: uploaded.json<{ items: { hash: string }[] }>().items[0]?.hash as string }
  expect((await call(key, 'PUT', '/stacks/tenantb/bstack', JSON.stringify({ operations: [{ name: 'noop' }] }))).status).toBe(201)
  expect((await call(key, 'PUT', '/sourceimages/tenantb/alias/balias', JSON.stringify({ hash: other.hash }))).status).toBe(201)
})

/** Every organization-scoped management endpoint of rokka-api.md §2.0 that Darkroom serves. */
const endpoints = (t: Tenant): [string, string, string?, Record<string, string>?][] => [
  ['GET', `/organizations/${t.org}`],
  ['PUT', `/organizations/${t.org}/options`, '{"protect_dynamic_stack":true}'],
  ['PUT', `/organizations/${t.org}/options/protect_dynamic_stack`, 'true'],
  ['GET', `/organizations/${t.org}/memberships`],
  ['POST', `/organizations/${t.org}/memberships`, '{"roles":["read"]}'],
  ['GET', `/organizations/${t.org}/memberships/00000000-0000-0000-0000-000000000000`],
  ['PUT', `/organizations/${t.org}/memberships/00000000-0000-0000-0000-000000000000`, '{"roles":["read"]}'],
  ['DELETE', `/organizations/${t.org}/memberships/00000000-0000-0000-0000-000000000000`],
  ['POST', `/sourceimages/${t.org}`, undefined, { 'content-type': 'multipart/form-data; boundary=x' }],
  ['GET', `/sourceimages/${t.org}`],
  ['DELETE', `/sourceimages/${t.org}?binaryHash=${'0'.repeat(40)}`],
  ['GET', `/sourceimages/${t.org}/binaryhash/${'0'.repeat(40)}`],
  ['GET', `/sourceimages/${t.org}/download`],
  ['POST', `/sourceimages/${t.org}/copy`, `["${t.hash}"]`, { destination: 'local' }],
  ['GET', `/sourceimages/${t.org}/${t.hash}`],
  ['DELETE', `/sourceimages/${t.org}/${t.hash}`],
  ['COPY', `/sourceimages/${t.org}/${t.hash}`, undefined, { destination: 'local' }],
  ['POST', `/sourceimages/${t.org}/${t.hash}/copy`, undefined, { destination: 'local' }],
  ['POST', `/sourceimages/${t.org}/${t.hash}/restore`],
  ['GET', `/sourceimages/${t.org}/${t.hash}/download`],
  ['PUT', `/sourceimages/${t.org}/${t.hash}/name`, '"stolen.png"'],
  ['PUT', `/sourceimages/${t.org}/${t.hash}/options/locked`, 'true'],
  ['PUT', `/sourceimages/${t.org}/${t.hash}/options/protected`, 'true'],
  ['DELETE', `/sourceimages/${t.org}/${t.hash}/cache`],
  ['GET', `/sourceimages/${t.org}/${t.hash}/meta/user`],
  ['PUT', `/sourceimages/${t.org}/${t.hash}/meta/user`, '{"a":1}'],
  ['PATCH', `/sourceimages/${t.org}/${t.hash}/meta/user`, '{"a":1}'],
  ['DELETE', `/sourceimages/${t.org}/${t.hash}/meta/user`],
  ['GET', `/sourceimages/${t.org}/${t.hash}/meta/user/a`],
  ['PUT', `/sourceimages/${t.org}/${t.hash}/meta/user/a`, '1'],
  ['DELETE', `/sourceimages/${t.org}/${t.hash}/meta/user/a`],
  ['PUT', `/sourceimages/${t.org}/${t.hash}/meta/dynamic/subject_area`, '{"x":0,"y":0,"width":1,"height":1}'],
  ['DELETE', `/sourceimages/${t.org}/${t.hash}/meta/dynamic/subject_area`],
  ['PUT', `/sourceimages/${t.org}/alias/stolen`, `{"hash":"${t.hash}"}`],
  ['GET', `/sourceimages/${t.org}/alias/balias`],
  ['DELETE', `/sourceimages/${t.org}/alias/balias`],
  ['GET', `/stacks/${t.org}`],
  ['GET', `/stacks/${t.org}/bstack`],
  ['PUT', `/stacks/${t.org}/stolen`, '{"operations":[{"name":"noop"}]}'],
  ['DELETE', `/stacks/${t.org}/bstack`],
  ['DELETE', `/stacks/${t.org}/bstack/cache`],
  ['GET', `/stats/${t.org}`]
]

describe('keys (test plan 5.4)', () => {
  it('S6: the key of organization A on every endpoint of organization B → 403, and the body leaks none of B', async () => {
    const tried: string[] = []
    for (const [attacker, victim] of [
      [mine, other],
      [other, mine]
    ] as const) {
      for (const [method, path, body, headers] of endpoints(victim)) {
        const answer = await call(attacker.key, method, path, body, headers)
        expect(answer.status, `${method} ${path}: ${answer.text().slice(0, 200)}`).toBe(403)
        expect(answer.text()).not.toMatch(/secret-name|b-secret|bstack"|balias"|@example\.com/)
        tried.push(`${method} ${path}`)
      }
    }
    // B's things are untouched
    const still = await call(other.key, 'GET', `/sourceimages/tenantb/${other.hash}`)
    expect(still.json()).toMatchObject({ name: 'b-secret.png', deleted: false, locked: false, protected: false })
    expect((await call(other.key, 'GET', '/stacks/tenantb/bstack')).status).toBe(200)
    recordFigures('S6', { endpointsTried: tried.length, status403: tried.length })
  })

  it('S7: no plaintext key in the database files, logs or temp files; only a hash and a prefix', async () => {
    const keys = [mine.key, other.key]
    const extra = await call(mine.key, 'POST', '/user/apikeys', '{"comment":"s7"}')
    expect(extra.status).toBeLessThan(300)
    const created = extra.json<{ api_key?: string }>().api_key
    if (created) keys.push(created)
    // requests that carry the keys in headers, bearer form and a query (all must stay out of files)
    for (const key of keys) {
      await target.send('/user', { headers: { authorization: `Bearer ${key}` } })
      await target.send(`/sourceimages/local?key=${key}`, { headers: { 'api-key': key } })
    }
    const files: string[] = []
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) await walk(path)
        else if (entry.name !== 'credentials.json') files.push(path)
      }
    }
    await walk(target.dataDir)
    const contents = await Promise.all(files.map((file) => readFile(file)))
    const haystack = Buffer.concat([...contents, Buffer.from(target.output())])
    for (const key of keys) {
      expect(haystack.includes(Buffer.from(key)), 'plaintext key found in the store or logs').toBe(false)
    }
    recordFigures('S7', { keysChecked: keys.length, filesSearched: files.length, plaintextFound: 0 })
  })
})
