import { describe, expect, it } from 'vitest'
import { createUrlSigner, equalsInConstantTime } from './render-signature'

/** Not SHA-256, but as sensitive to every character; the real vectors run in sign-node.test.ts. */
const fakeSha256Hex = (text: string): string => {
  let hex = ''
  for (let seed = 0; seed < 8; seed += 1) {
    let hash = (0x811c9dc5 ^ seed) >>> 0
    for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0
    hex += hash.toString(16).padStart(8, '0')
  }
  return hex
}

const signer = createUrlSigner(fakeSha256Hex)
const key = 'secret'
const now = new Date('2030-01-01T00:00:00Z')
const sigOf = (signed: string, signingKey = key) => signer.signatureFor(signed, signingKey)

describe('signatureFor', () => {
  it('is the first 16 hex characters of the hash of "<path[?query]>:<key>"', () => {
    expect(sigOf('/dynamic/abcdef.jpg')).toBe(
      fakeSha256Hex('/dynamic/abcdef.jpg:secret').slice(0, 16)
    )
    expect(sigOf('/dynamic/abcdef.jpg')).toMatch(/^[0-9a-f]{16}$/)
  })
})

describe('signUrl', () => {
  it('appends sig as the last parameter over path and query', () => {
    expect(signer.signUrl('/dynamic/abcdef.jpg', key)).toBe(
      `/dynamic/abcdef.jpg?sig=${sigOf('/dynamic/abcdef.jpg')}`
    )
    expect(signer.signUrl('/dynamic/abcdef.jpg?foo=bar&soso', key)).toBe(
      `/dynamic/abcdef.jpg?foo=bar&soso&sig=${sigOf('/dynamic/abcdef.jpg?foo=bar&soso')}`
    )
  })

  it('replaces old sig and sigopts and writes until as the JS client does', () => {
    const signed = signer.signUrl(
      '/d/abcdef.jpg?a=1&sig=x&sigopts=y',
      key,
      new Date('2050-02-08T07:05:00Z')
    )
    const unsigned =
      '/d/abcdef.jpg?a=1&sigopts=%7B%22until%22%3A%222050-02-08T07%3A05%3A00.000Z%22%7D'
    expect(signed).toBe(`${unsigned}&sig=${sigOf(unsigned)}`)
  })
})

describe('verifySignedUrl', () => {
  const path = '/dynamic/resize-width-100/abcdef/seo.jpg'

  it('accepts what signUrl signed, with any of the keys', () => {
    expect(signer.verifySignedUrl(signer.signUrl(path, key), [key], now)).toBe('ok')
    expect(signer.verifySignedUrl(signer.signUrl(`${path}?v=%7B%7D`, key), ['old', key], now)).toBe(
      'ok'
    )
  })

  it('accepts an upper-case sig', () => {
    expect(signer.verifySignedUrl(`${path}?sig=${sigOf(path).toUpperCase()}`, [key], now)).toBe(
      'ok'
    )
  })

  it('says missing without sig', () => {
    expect(signer.verifySignedUrl(path, [key], now)).toBe('missing')
    expect(signer.verifySignedUrl(`${path}?`, [key], now)).toBe('missing')
    expect(signer.verifySignedUrl(`${path}?signature=1&xsig=2`, [key], now)).toBe('missing')
  })

  it.each([
    ['another key', (url: string) => url, ['other']],
    ['no keys at all', (url: string) => url, []],
    ['changed path', (url: string) => url.replace('width-100', 'width-101'), [key]],
    ['changed SEO file name', (url: string) => url.replace('/seo.jpg', '/other.jpg'), [key]],
    ['SEO file name removed', (url: string) => url.replace('/seo.jpg', '.jpg'), [key]],
    ['query added', (url: string) => url.replace('?', '?w=1&'), [key]],
    ['sig not last', (url: string) => `${url}&w=1`, [key]],
    ['sig twice', (url: string) => `${url}&${url.slice(url.indexOf('sig='))}`, [key]],
    ['sig shortened', (url: string) => url.slice(0, -1), [key]],
    ['sig not hex', (url: string) => `${url.slice(0, -1)}g`, [key]]
  ])('says bad for %s', (_, tamper, keys) => {
    expect(signer.verifySignedUrl(tamper(signer.signUrl(path, key)), keys, now)).toBe('bad')
  })

  it('says bad for a changed query value', () => {
    const signed = signer.signUrl(`${path}?v=%7B%22a%22%3A1%7D`, key)
    expect(signer.verifySignedUrl(signed.replace('%3A1', '%3A2'), [key], now)).toBe('bad')
  })

  it('checks the byte-exact query: another encoding of the same value is another signature', () => {
    const signed = signer.signUrl(`${path}?v=%7B%22a%22:1%7D`, key)
    expect(signer.verifySignedUrl(signed.replace(':', '%3A'), [key], now)).toBe('bad')
  })

  it('keeps an empty query part in the signed string', () => {
    const unsigned = `${path}?a=1&`
    expect(signer.verifySignedUrl(`${unsigned}&sig=${sigOf(unsigned)}`, [key], now)).toBe('ok')
    expect(signer.verifySignedUrl(`${path}?&sig=${sigOf(path)}`, [key], now)).toBe('ok')
  })

  it('says expired after until and ok until then, in any ISO 8601 form', () => {
    const until = new Date('2030-01-01T00:00:00Z')
    const signed = signer.signUrl(path, key, until)
    expect(signer.verifySignedUrl(signed, [key], until)).toBe('ok')
    expect(signer.verifySignedUrl(signed, [key], new Date(until.getTime() + 1))).toBe('expired')
    const php = `${path}?sigopts=%7B%22until%22%3A%222030-01-01T01%3A00%3A00%2B01%3A00%22%7D`
    const phpSigned = `${php}&sig=${sigOf(php)}`
    expect(signer.verifySignedUrl(phpSigned, [key], until)).toBe('ok')
    expect(signer.verifySignedUrl(phpSigned, [key], new Date(until.getTime() + 1))).toBe('expired')
  })

  it('says bad, not expired, for an expired URL with a wrong signature', () => {
    const signed = signer.signUrl(path, key, new Date('2020-01-01T00:00:00Z'))
    expect(signer.verifySignedUrl(signed, ['other'], now)).toBe('bad')
    expect(signer.verifySignedUrl(signed, [key], now)).toBe('expired')
  })

  it.each([
    ['not JSON', 'sigopts=nope'],
    ['an array', 'sigopts=%5B%5D'],
    ['until a number', 'sigopts=%7B%22until%22%3A1%7D'],
    ['until not a date', 'sigopts=%7B%22until%22%3A%22soon%22%7D'],
    ['until February 30', 'sigopts=%7B%22until%22%3A%222050-02-30T00%3A00%3A00Z%22%7D'],
    ['sigopts twice', 'sigopts=%7B%7D&sigopts=%7B%7D']
  ])('says bad for correctly signed sigopts that are %s', (_, query) => {
    const unsigned = `${path}?${query}`
    expect(signer.verifySignedUrl(`${unsigned}&sig=${sigOf(unsigned)}`, [key], now)).toBe('bad')
  })

  it('accepts sigopts without until', () => {
    const unsigned = `${path}?sigopts=%7B%7D`
    expect(signer.verifySignedUrl(`${unsigned}&sig=${sigOf(unsigned)}`, [key], now)).toBe('ok')
  })
})

describe('equalsInConstantTime', () => {
  it('compares whole strings', () => {
    expect(equalsInConstantTime('0f6370995020ce81', '0f6370995020ce81')).toBe(true)
    expect(equalsInConstantTime('', '')).toBe(true)
    expect(equalsInConstantTime('1f6370995020ce81', '0f6370995020ce81')).toBe(false)
    expect(equalsInConstantTime('0f6370995020ce80', '0f6370995020ce81')).toBe(false)
    expect(equalsInConstantTime('0f6370995020ce8', '0f6370995020ce81')).toBe(false)
    expect(equalsInConstantTime('0f6370995020ce81', '0f6370995020ce8')).toBe(false)
    expect(equalsInConstantTime('', 'a')).toBe(false)
  })

  it('looks at every character even after a difference', () => {
    const seen: number[] = []
    const spy = (text: string) =>
      new Proxy(new String(text), {
        get: (target, property) =>
          property === 'charCodeAt'
            ? (index: number) => {
                seen.push(index)
                return target.charCodeAt(index)
              }
            : Reflect.get(target, property)
      }) as unknown as string
    expect(equalsInConstantTime(spy('xbcdefgh'), 'abcdefgh')).toBe(false)
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
})
