import { readdir } from 'node:fs/promises'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { useHeadlessTarget } from '../support/target-server'
import { recordFigures } from '../support/figures'

const target = useHeadlessTarget()
let hash = ''

beforeAll(async () => {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#806040' } }).png().toBuffer()
  const answer = await target.uploadFile(png, 'source.png', 'image/png')
  hash = answer.json<{ items: { hash: string }[] }>().items[0]?.hash as string
})

const json = (method: string, path: string, body: string) =>
  target.send(path, { method, body, headers: { 'api-key': target.apiKey, 'content-type': 'application/json' } })

describe('hostile render paths and JSON bodies (test plan 5.3)', () => {
  it('B28: traversal, encoded separators, malformed hashes and formats in render paths → 400/404, no file outside the store', async () => {
    // each path with the reason it must be refused for: another check refusing it as well would
    // hide a missing one behind the same status
    const dots = /contains "\." or "\.\." segments/
    const notImage = /is not an image: expected a hash/
    const unknownFormat = /Unknown output format "\.exe"/
    const twoExtensions = /has more than one extension/
    const cases: [string, RegExp][] = [
      ['/render/local/dynamic/../../etc/passwd.jpg', dots],
      ['/render/local/dynamic/noop/../../../../etc/passwd.jpg', dots],
      ['/render/local/dynamic/noop/%2e%2e%2f%2e%2e%2fetc%2fpasswd.jpg', notImage],
      ['/render/local/%2e%2e/noop/etc.jpg', dots],
      ['/render/local/dynamic/noop/..%2F..%2Fetc%2Fpasswd.jpg', twoExtensions],
      [`/render/local/dynamic/noop/${'z'.repeat(40)}.jpg`, notImage],
      [`/render/local/dynamic/noop/${hash}0.jpg`, /is not an image hash: it has 41 characters/],
      [`/render/local/dynamic/noop/${hash}.exe`, unknownFormat],
      [`/render/local/dynamic/noop/${hash}.jpg.exe`, unknownFormat],
      [`/render/local/dynamic/noop/${hash}.php.jpg`, twoExtensions],
      [`/render/..%2f..%2f/dynamic/noop/${hash}.jpg`, /Organization "\.\.\/\.\.\/" does not exist/],
      [`/render/local/dynamic/noop/${hash}%00.jpg`, notImage]
    ]
    const statuses: number[] = []
    for (const [path, reason] of cases) {
      const answer = await target.send(path)
      expect([400, 404], `${path}: ${answer.text()}`).toContain(answer.status)
      expect(answer.json<{ message: string }>().message, path).toMatch(reason)
      expect(answer.text()).not.toMatch(/root:|daemon:/)
      statuses.push(answer.status)
    }
    // 39 characters are a prefix of the hash, which rokka render URLs accept (as the short hash)
    expect((await target.send(`/render/local/dynamic/noop/${hash.slice(0, 39)}.jpg`)).status).toBe(200)
    // the store holds only its own folders: nothing was created from a path
    expect((await readdir(target.dataDir)).sort()).toEqual(expect.arrayContaining(['blobs', 'darkroom.sqlite']))
    expect((await readdir(target.dataDir)).filter((name) => /passwd|etc|\.exe/.test(name))).toEqual([])
    recordFigures('B28', { pathsTried: cases.length, status400: statuses.filter((s) => s === 400).length, status404: statuses.filter((s) => s === 404).length })
  })

  it('B29: out-of-range options → 400; output pixel cap; huge chains and expressions refused or bounded', async () => {
    // the reason tells the schema's refusal from the output cap's, which would refuse 10001 too
    const cases: [string, number[], RegExp?][] = [
      [`/render/local/dynamic/resize-width-10001/${hash}.png`, [400], /resize\.width/],
      [`/render/local/dynamic/resize-width-100--options-dpr-11/${hash}.png`, [400], /dpr/],
      [`/render/local/dynamic/resize-width-10000-upscale-true--options-dpr-10/${hash}.png`, [400], /at most 10000 pixels a side/],
      [`/render/local/dynamic/blur-sigma-100000/${hash}.png`, [400]],
      [`/render/local/dynamic/${Array.from({ length: 1000 }, () => 'noop').join('--')}/${hash}.png`, [200, 400, 414]],
      [`/render/local/dynamic/resize-width-[${'1+'.repeat(3000)}1]/${hash}.png`, [400, 414]]
    ]
    const seen: Record<string, number> = {}
    for (const [path, allowed, reason] of cases) {
      const answer = await target.send(path, { deadlineMs: 30_000 })
      expect(allowed, `${path.slice(0, 90)}: ${answer.text().slice(0, 200)}`).toContain(answer.status)
      if (answer.status === 400) expect(answer.json().message).toMatch(reason ?? /./)
      seen[path.slice(22, 70)] = answer.status
    }
    // a heavy but legal render (blur on a large upscale) finishes or is refused, never hangs
    const heavy = await target.send(`/render/local/dynamic/resize-width-4000-upscale-true--blur-sigma-50/${hash}.jpg`, { deadlineMs: 60_000 })
    expect([200, 400, 503]).toContain(heavy.status)
    expect(await target.isAlive()).toBe(true)
    recordFigures('B29', { ...seen, heavyStatus: heavy.status, heavyMs: Math.round(heavy.ms) })
  })

  it('B30: stacks with unknown operations, wrong types, 1 MB bodies; organizations named .., CON or lookalikes → rokka 400s, no files', async () => {
    // each body with the status and reason it must be refused for, so that a check another one
    // backs up is still seen missing
    const stackCases: [string, string, number, RegExp][] = [
      ['unknown operation', JSON.stringify({ operations: [{ name: 'explode', options: {} }] }), 400, /Operation "explode" does not exist/],
      ['wrong types', JSON.stringify({ operations: [{ name: 'resize', options: { width: 'wide' } }] }), 400, /for resize\.width but received wide/],
      ['operations not a list', JSON.stringify({ operations: 'resize' }), 400, /operations must be a JSON array/],
      // a valid stack but for its size: only the body limit refuses it
      ['1 MB stack', JSON.stringify({ operations: [{ name: 'noop' }], variables: { pad: 'x'.repeat(1024 * 1024) } }), 413, /request body is larger than the limit of 1 MB/],
      ['not JSON', '{"operations": [', 400, /not valid JSON/],
      ['deep nesting', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, 400, /./]
    ]
    const seen: Record<string, number> = {}
    for (const [label, body, status, reason] of stackCases) {
      const answer = await json('PUT', `/stacks/local/b30-${label.replace(/\W/g, '')}`, body)
      expect(answer.status, `${label}: ${answer.text().slice(0, 200)}`).toBe(status)
      expect(answer.json()).toMatchObject({ code: answer.status, message: expect.any(String) })
      expect(answer.json<{ message: string }>().message, label).toMatch(reason)
      seen[label] = answer.status
    }
    const names = ['..', '.', 'CON', 'con.jpg', 'lоcal', 'a/b', 'a\\b', '%2e%2e', ' local', 'x'.repeat(300)]
    for (const name of names) {
      const answer = await json('PUT', `/organizations/${encodeURIComponent(name)}`, JSON.stringify({ billing_email: 'a@b.c' }))
      expect([400, 403, 404], `${name}: ${answer.text().slice(0, 200)}`).toContain(answer.status)
      expect(answer.json<{ message: string }>().message, name).toMatch(/^Organization name ".*" is not valid/s)
      seen[`org ${name.slice(0, 12)}`] = answer.status
    }
    expect((await readdir(target.dataDir)).filter((entry) => !/^(blobs|renders|darkroom\.sqlite.*|credentials\.json)$/.test(entry))).toEqual([])
    recordFigures('B30', seen)
  })
})
