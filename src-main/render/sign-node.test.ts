import rokka from 'rokka'
import { describe, expect, it } from 'vitest'
import { nodeUrlSigner, sha256Hex } from './sign-node'

const KEY = 'OCOuisGe30QyocYkQN1SPErGGKunyuhZ'
const before2050 = new Date('2049-12-31T00:00:00Z')

/** rokka API reference §5.9: [signed string, key, sig]. */
const vectors: Array<[string, string, string]> = [
  ['/dynamic/c1b110.jpg', KEY, '62e7a9ccd3dea053'],
  [
    '/dynamic/c1b110.jpg?sigopts=%7B%22until%22%3A%222050-02-08T07%3A05%3A00.000Z%22%7D',
    KEY,
    '0f6370995020ce81'
  ],
  ['/dynamic/c1b110.jpg?v=%7B%22a%22%3A%22b%22%7D', KEY, '9259f07089f76a05'],
  ['/dynamic/c1b110.jpg?foo=bar&lala=hello&soso=', KEY, '4d6173249ba045f0'],
  [
    '/dynamic/c1b110.jpg?sigopts=%7B%22until%22%3A%222050-02-08T08%3A05%3A00%2B00%3A00%22%7D',
    KEY,
    '24f7a7b07122c063'
  ],
  ['/dynamic/c1b110.jpg?v=%7B%22a%22:%22b%22%7D', KEY, '18b39da4d52113f8'],
  ['/dynamic/c1b110.jpg?foo=bar&lala=hello&soso', KEY, 'b4491de1823ef16f'],
  ['/dynamic/abcdef.jpg', 'abcdef', 'b7789b71b470e458']
]

const withSig = (signed: string, sig: string) =>
  `${signed}${signed.includes('?') ? '&' : '?'}sig=${sig}`

describe('sha256Hex', () => {
  it('is SHA-256 of the UTF-8 bytes', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    )
    expect(sha256Hex('€')).toBe('c4cc90ed3d26f12d4b08a75140970a7904035c31cbb4515a83f19b9003c00d1d')
  })
})

describe('nodeUrlSigner: the §5.9 vectors', () => {
  it.each(vectors)('signs %s', (signed, key, sig) => {
    expect(nodeUrlSigner.signatureFor(signed, key)).toBe(sig)
  })

  it.each(vectors)('verifies %s', (signed, key, sig) => {
    expect(
      nodeUrlSigner.verifySignedUrl(withSig(signed, sig), ['unrelated', key], before2050)
    ).toBe('ok')
  })

  it('expires the JS vector after 07:05Z and the PHP vector after 08:05Z', () => {
    const js = withSig(
      '/dynamic/c1b110.jpg?sigopts=%7B%22until%22%3A%222050-02-08T07%3A05%3A00.000Z%22%7D',
      '0f6370995020ce81'
    )
    const php = withSig(
      '/dynamic/c1b110.jpg?sigopts=%7B%22until%22%3A%222050-02-08T08%3A05%3A00%2B00%3A00%22%7D',
      '24f7a7b07122c063'
    )
    const check = (url: string, now: string) =>
      nodeUrlSigner.verifySignedUrl(url, [KEY], new Date(now))
    expect(check(js, '2050-02-08T07:05:00.000Z')).toBe('ok')
    expect(check(js, '2050-02-08T07:05:00.001Z')).toBe('expired')
    expect(check(php, '2050-02-08T08:05:00.000Z')).toBe('ok')
    expect(check(php, '2050-02-08T08:05:00.001Z')).toBe('expired')
  })
})

describe('nodeUrlSigner and rokka.js', () => {
  const client = rokka({ apiKey: 'x' })
  const pathOf = (url: string) => {
    const { pathname, search } = new URL(url)
    return `${pathname}${search}`
  }

  it.each([
    ['https://myorg.rokka.io/dynamic/c1b110.jpg', undefined],
    ['https://myorg.rokka.io/dynamic/c1b110/foo.jpg', undefined],
    [
      'https://myorg.rokka.io/dynamic/c1b110.jpg?foo=bar&lala=hello&soso&sig=lala&sigopts=84989',
      undefined
    ],
    [
      'https://myorg.rokka.io/dynamic/resize-width-100/c1b110.jpg?v={"a":"b"}',
      new Date('2050-02-08T08:06:00+01:00')
    ],
    [
      'https://myorg.rokka.io/mystack/-https://x.test/a b.jpg-/seo.png',
      new Date('2050-02-08T08:03:00+01:00')
    ]
  ])('verifies what rokka.js signs: %s', (url, until) => {
    const signed = pathOf(client.render.signUrl(url, KEY, until ? { until } : {}))
    expect(nodeUrlSigner.verifySignedUrl(signed, [KEY], before2050)).toBe('ok')
    const later = new Date('2050-03-01T00:00:00Z')
    if (until !== undefined)
      expect(nodeUrlSigner.verifySignedUrl(signed, [KEY], later)).toBe('expired')
  })

  it('gives the URLs rokka.js gives', () => {
    const url = 'https://myorg.rokka.io/dynamic/c1b110.jpg?foo=bar&soso=&v=%7B%7D'
    const until = new Date('2050-02-08T07:05:00.000Z')
    expect(nodeUrlSigner.signUrl(pathOf(url), KEY, until)).toBe(
      pathOf(client.render.signUrl(url, KEY, { until, roundDateUpTo: 1 }))
    )
  })

  it('rejects a rokka.js URL with the SEO file name put back or changed', () => {
    const signed = pathOf(
      client.render.signUrl('https://myorg.rokka.io/dynamic/c1b110/foo.jpg', KEY)
    )
    expect(signed).toBe('/dynamic/c1b110.jpg?sig=62e7a9ccd3dea053')
    expect(
      nodeUrlSigner.verifySignedUrl(signed.replace('.jpg', '/foo.jpg'), [KEY], before2050)
    ).toBe('bad')
    const ours = nodeUrlSigner.signUrl('/dynamic/c1b110/foo.jpg', KEY)
    expect(nodeUrlSigner.verifySignedUrl(ours, [KEY], before2050)).toBe('ok')
    expect(
      nodeUrlSigner.verifySignedUrl(ours.replace('/foo.jpg', '/bar.jpg'), [KEY], before2050)
    ).toBe('bad')
  })

  it.each([
    ['changed path', (url: string) => url.replace('c1b110', 'c1b111')],
    ['changed query', (url: string) => url.replace('foo=bar', 'foo=baz')],
    ['query dropped', (url: string) => url.replace('foo=bar&', '')],
    ['sig not last', (url: string) => `${url}&x=1`],
    ['sigopts changed to later', (url: string) => url.replace('07%3A05', '09%3A05')]
  ])('rejects a tampered rokka.js URL: %s', (_, tamper) => {
    const url = 'https://myorg.rokka.io/dynamic/c1b110.jpg?foo=bar'
    const signed = pathOf(
      client.render.signUrl(url, KEY, { until: new Date('2050-02-08T07:01:00Z') })
    )
    expect(nodeUrlSigner.verifySignedUrl(signed, [KEY], before2050)).toBe('ok')
    expect(nodeUrlSigner.verifySignedUrl(tamper(signed), [KEY], before2050)).toBe('bad')
  })
})
