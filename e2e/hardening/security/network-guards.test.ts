import { execFileSync } from 'node:child_process'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { describe, expect, it } from 'vitest'
import { useInProcessTarget } from '../support/target-server'
import { recordFigures } from '../support/figures'

const DEV_ORIGIN = 'http://localhost:5173'
const target = useInProcessTarget({}, { allowedOrigins: [DEV_ORIGIN] }, { checkStore: false })

const externalAddresses = () =>
  Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((entry) => !entry.internal && entry.family === 'IPv4')
    .map((entry) => entry.address)

const tryConnect = (host: string, port: number) =>
  new Promise<string>((resolve) => {
    const socket = connect({ host, port, timeout: 3000 })
    socket.on('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.on('timeout', () => {
      socket.destroy()
      resolve('timeout')
    })
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
  })

/** An HTTP/1.0 request with no Host header at all (HTTP/1.1 parsers refuse those themselves). */
const withoutHost = (port: number) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString()))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
    socket.write('GET /operations HTTP/1.0\r\n\r\n')
  })

describe('who may reach Darkroom (test plan 5.4)', () => {
  it('S1: binds 127.0.0.1 only; a connection to the machine’s external address is refused', async () => {
    const address = target.app().app.server.address()
    expect(address).toMatchObject({ address: '127.0.0.1', port: target.port })
    const listening = execFileSync('ss', ['-ltnH', `sport = :${target.port}`], { encoding: 'utf8' })
    const locals = listening.trim().split('\n').map((line) => line.trim().split(/\s+/)[3])
    expect(locals).toEqual([`127.0.0.1:${target.port}`])
    const external = externalAddresses()
    const outcomes = await Promise.all(external.map((host) => tryConnect(host, target.port)))
    for (const outcome of outcomes) expect(outcome).not.toBe('connected')
    recordFigures('S1', { listening: locals.join(' '), externalAddressesTried: external.length, externalOutcomes: outcomes.join(' ') || 'none' })
  })

  it('S2: Host allowlist: foreign, rebinding and other-port Host values → 421 before routing; loopback names on the own port accepted', async () => {
    const P = target.port
    const refused = ['evil.example', `evil.example:${P}`, `127.0.0.1.nip.io:${P}`, `localhost:${P + 1}`, `localhost.evil.example:${P}`, `attacker.com:${P}`, `192.0.2.2:${P}`]
    const accepted = [`localhost:${P}`, `127.0.0.1:${P}`, `[::1]:${P}`, `local.localhost:${P}`]
    for (const host of refused) {
      const answer = await target.send('/sourceimages/local', { headers: { host, 'api-key': target.apiKey } })
      expect(answer.status, host).toBe(421)
      expect(answer.json().message).toMatch(/only answers requests addressed to this computer/)
      expect(answer.text()).not.toContain('items')
    }
    for (const host of accepted) {
      const answer = await target.send(host.startsWith('local.') ? '/dynamic/noop/0000000000000000000000000000000000000000.png' : '/sourceimages/local', {
        headers: { host, 'api-key': target.apiKey }
      })
      expect(answer.status, host).not.toBe(421)
    }
    const bare = await withoutHost(P)
    expect(bare).toMatch(/^HTTP\/1\.1 421 /)
    recordFigures('S2', { refusedHosts: refused.length + 1, acceptedHosts: accepted.length, missingHostStatus: 421 })
  })

  it('S3: changes from another origin or a cross-site fetch → 403; the allowed origin and same-origin pass', async () => {
    const put = (headers: Record<string, string>) =>
      target.send('/stacks/local/s3', {
        method: 'PUT',
        headers: { 'api-key': target.apiKey, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ operations: [{ name: 'noop' }] })
      })
    const cases: [Record<string, string>, number][] = [
      [{ origin: 'https://evil.example' }, 403],
      [{ origin: `http://localhost:${target.port + 1}` }, 403],
      [{ origin: 'null' }, 403],
      [{ 'sec-fetch-site': 'cross-site' }, 403],
      [{ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, 403],
      [{ origin: DEV_ORIGIN, 'sec-fetch-site': 'cross-site' }, 201],
      [{ origin: `http://127.0.0.1:${target.port}` }, 201],
      [{ 'sec-fetch-site': 'same-origin' }, 201],
      [{}, 201]
    ]
    for (const [headers, status] of cases) {
      await target.send('/stacks/local/s3', { method: 'DELETE', headers: { 'api-key': target.apiKey } })
      const answer = await put(headers)
      expect(answer.status, JSON.stringify(headers)).toBe(status)
    }
    const deleteFromEvil = await target.send('/sourceimages/local/0000000000000000000000000000000000000000', {
      method: 'DELETE',
      headers: { 'api-key': target.apiKey, origin: 'https://evil.example' }
    })
    expect(deleteFromEvil.status).toBe(403)
    recordFigures('S3', { casesTried: cases.length + 1 })
  })

  it('S4: CORS: no Access-Control-Allow-Origin for a foreign preflight; the exact allowed origin with Vary: Origin; never *', async () => {
    const preflight = (origin: string, path = '/sourceimages/local') =>
      target.send(path, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'api-key,content-type' }
      })
    const foreign = await preflight('https://evil.example')
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined()
    expect(foreign.headers['access-control-allow-headers']).toBeUndefined()
    const allowed = await preflight(DEV_ORIGIN)
    expect(allowed.status).toBe(204)
    expect(allowed.headers['access-control-allow-origin']).toBe(DEV_ORIGIN)
    expect(String(allowed.headers.vary)).toMatch(/Origin/)
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('api-key')
    const paths = ['/sourceimages/local', '/stacks/local', '/organizations/local', '/users', '/operations']
    for (const path of paths) {
      for (const origin of ['https://evil.example', DEV_ORIGIN]) {
        const answer = await target.send(path, { headers: { origin, 'api-key': target.apiKey } })
        expect(answer.headers['access-control-allow-origin'], `${origin} ${path}`).not.toBe('*')
        if (origin !== DEV_ORIGIN) expect(answer.headers['access-control-allow-origin']).toBeUndefined()
      }
    }
    recordFigures('S4', { foreignPreflightAcao: 'none', allowedPreflightAcao: DEV_ORIGIN, pathsChecked: paths.length })
  })

  it('S5: simple-request CSRF: cross-site multipart upload and text/plain JSON to /users and /stacks are refused', async () => {
    const boundary = 'csrf'
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="filedata"; filename="x.png"\r\nContent-Type: image/png\r\n\r\nx\r\n--${boundary}--\r\n`
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }
    const attempts = [
      await target.send('/sourceimages/local', { method: 'POST', body: form, headers: { ...crossSite, 'content-type': `multipart/form-data; boundary=${boundary}` } }),
      await target.send('/users', { method: 'POST', body: '{"email":"csrf@example.com","organization":"csrf"}', headers: { ...crossSite, 'content-type': 'text/plain' } }),
      await target.send('/stacks/local/csrf', { method: 'PUT', body: '{"operations":[{"name":"noop"}]}', headers: { ...crossSite, 'content-type': 'text/plain' } }),
      // a form post without Origin (old browsers, some redirects) still says cross-site
      await target.send('/users', { method: 'POST', body: '{"email":"csrf2@example.com","organization":"csrf2"}', headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' } })
    ]
    for (const answer of attempts) expect(answer.status, answer.text()).toBe(403)
    // even without the origin check the upload needs a key a web page cannot attach to a simple request
    const noKey = await target.send('/sourceimages/local', { method: 'POST', body: form, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } })
    expect(noKey.status).toBe(403)
    expect((await target.send('/stacks/local/csrf', { headers: { 'api-key': target.apiKey } })).status).toBe(404)
    recordFigures('S5', { attempts: attempts.length + 1, refused: attempts.length + 1 })
  })
})
