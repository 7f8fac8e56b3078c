import type { LookupAddress } from 'node:dns'
import type { LookupFunction } from 'node:net'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { useInProcessTarget } from '../support/target-server'
import { useCountingServer } from '../support/counting-server'
import { recordFigures } from '../support/figures'

// A fake DNS: answers from the table, in order per call (the last answer repeats), as a
// rebinding resolver would answer first a public then a loopback address.
const answers = new Map<string, string[]>()
const calls = new Map<string, number>()
const testResolver: LookupFunction = (hostname, options, callback) => {
  const list = answers.get(hostname)
  if (!list) {
    const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return (callback as (e: Error | null, a: string | LookupAddress[], f?: number) => void)(error, [], 4)
  }
  const n = calls.get(hostname) ?? 0
  calls.set(hostname, n + 1)
  const address = list[Math.min(n, list.length - 1)] as string
  const family = address.includes(':') ? 6 : 4
  if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, [{ address, family }])
  else (callback as (e: null, a: string, f: number) => void)(null, address, family)
}

let png: Buffer
/** The forbidden destination: every connection to it is counted and must stay at zero. */
const forbidden = useCountingServer({ respond: () => ({ status: 200, body: png }) })
/** A stand-in for a public server, allowed as an exact endpoint, that redirects to loopback. */
const publicServer = useCountingServer({
  respond: (path) => {
    const to = decodeURIComponent(path.replace(/^\/redirect\?to=/, ''))
    return path.startsWith('/redirect') ? { status: 302, headers: { location: to } } : { status: 200, body: png }
  }
})

const target = useInProcessTarget({
  remoteFetch: {
    lookup: testResolver,
    get allowedEndpoints() {
      return [{ address: '127.0.0.1', port: publicServer.port }]
    }
  }
})

const importUrl = (url: string) => target.upload([{ name: 'url[0]', value: url }], { deadlineMs: 30_000 })

const setOrgOption = (name: string, value: unknown) =>
  target.send(`/organizations/local/options`, {
    method: 'PUT',
    headers: { 'api-key': target.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ [name]: value })
  })

/**
 * The refusal some URLs must get. The test resolver knows none of their host names, so without
 * this they would also be refused, only for failing to resolve, whichever check is missing.
 */
const reasonFor = (url: string): RegExp | undefined => {
  if (!/^https?:/.test(url)) return /only http and https/
  if (/^https?:\/\/[^/]*@/.test(url)) return /user name or password/
  if (/^http:\/\/[a-z.]*localhost\.?:/.test(url)) return /points back to this computer/
  return undefined
}

describe('imports by URL never reach forbidden addresses (B27, S9)', () => {
  it('B27: every address form of this computer, private and metadata ranges, odd schemes and credentials → 400 before connecting', async () => {
    png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#123456' } }).png().toBuffer()
    answers.set('loopback.test', ['127.0.0.1'])
    const p = forbidden.port
    const urls = [
      `http://127.0.0.1:${target.port}/sourceimages/local`,
      `http://127.0.0.1:${p}/`,
      `http://localhost.:${p}/`,
      `http://localhost:${p}/`,
      `http://127.1:${p}/`,
      `http://2130706433:${p}/`,
      `http://0x7f.0.0.1:${p}/`,
      `http://017700000001:${p}/`,
      `http://[::1]:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `http://[64:ff9b::7f00:1]:${p}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://100.64.0.1/',
      'http://10.0.0.1/',
      'http://192.168.1.1/',
      'http://0.0.0.0/',
      `http://0.0.0.0:${p}/`,
      `http://loopback.test:${p}/`,
      `http://app.localhost:${p}/`,
      'file:///etc/passwd',
      'ftp://example.com/a.png',
      'gopher://127.0.0.1:25/',
      'data:image/png;base64,iVBORw0KGgo=',
      `http://user@127.0.0.1:${p}/`,
      `http://user:secret@example.com/a.png`
    ]
    const statuses: number[] = []
    for (const url of urls) {
      const answer = await importUrl(url)
      expect(answer.status, `${url}: ${answer.text()}`).toBe(400)
      expect(answer.json().message).toMatch(/^Could not import /)
      expect(answer.text()).not.toContain('secret')
      const reason = reasonFor(url)
      if (reason) expect(answer.json().message, url).toMatch(reason)
      statuses.push(answer.status)
    }
    expect(forbidden.connections(), 'connections to the loopback fixture').toBe(0)
    recordFigures('B27', { urlsTried: urls.length, refused: statuses.filter((s) => s === 400).length, fixtureConnections: forbidden.connections() })
  })

  it('B27: with "allow local sources" on, loopback works, but Darkroom’s own port and 169.254.169.254 stay refused', async () => {
    expect((await setOrgOption('allow_local_sources', true)).status).toBeLessThan(300)
    try {
      const own = await importUrl(`http://127.0.0.1:${target.port}/sourceimages/local`)
      expect(own.status).toBe(400)
      expect(own.json().message).toMatch(/Darkroom itself/)
      const metadata = await importUrl('http://169.254.169.254/latest/meta-data/')
      expect(metadata.status).toBe(400)
      expect(metadata.json().message).toMatch(/link-local/)
      const local = await importUrl(`http://127.0.0.1:${forbidden.port}/ok.png`)
      expect(local.status, local.text()).toBe(201)
      expect(forbidden.connections()).toBe(1)
    } finally {
      await setOrgOption('allow_local_sources', false)
    }
    recordFigures('B27-local', { ownPortStatus: 400, metadataStatus: 400, allowedLoopbackStatus: 201 })
  })

  it('S9: DNS rebinding (public answer first, loopback at connect) and redirect chains to loopback → zero connections to the forbidden server', async () => {
    const before = forbidden.connections()
    // first answer passes the early check, the second is what a connection would use
    answers.set('rebind.test', ['93.184.216.34', '127.0.0.1'])
    const rebound = await importUrl(`http://rebind.test:${forbidden.port}/x.png`)
    expect(rebound.status, rebound.text()).toBe(400)
    expect(calls.get('rebind.test')).toBe(2)
    const hops = [
      `http://127.0.0.1:${forbidden.port}/x.png`,
      `http://localhost:${forbidden.port}/x.png`,
      `http://[::ffff:127.0.0.1]:${forbidden.port}/x.png`,
      `http://loopback.test:${forbidden.port}/x.png`,
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${target.port}/sourceimages/local`
    ]
    for (const hop of hops) {
      const answer = await importUrl(`${publicServer.url}/redirect?to=${encodeURIComponent(hop)}`)
      expect(answer.status, `${hop}: ${answer.text()}`).toBe(400)
      expect(answer.json().message).toMatch(/redirected to/)
      // refused for where it points, not because the test resolver does not know a name
      expect(answer.json().message, hop).toMatch(/points back to this computer|link-local|Darkroom itself/)
    }
    // a chain: public → public → loopback
    const chain = `${publicServer.url}/redirect?to=${encodeURIComponent(`${publicServer.url}/redirect?to=${encodeURIComponent(hops[0] as string)}`)}`
    expect((await importUrl(chain)).status).toBe(400)
    // the allowed public server itself works, so the refusals above are the guard's doing
    const fine = await importUrl(`${publicServer.url}/fine.png`)
    expect(fine.status, fine.text()).toBe(201)
    expect(forbidden.connections() - before, 'connections to the forbidden server').toBe(0)
    recordFigures('S9', {
      rebindingStatus: rebound.status,
      redirectTargetsTried: hops.length + 1,
      forbiddenConnections: forbidden.connections() - before,
      publicServerRequests: publicServer.paths().length
    })
  })
})
