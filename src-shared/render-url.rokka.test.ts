import rokka from 'rokka'
import { describe, expect, it } from 'vitest'
import { parseRenderPath, type RenderOperation, type RenderRequest } from './render-url'

const H = 'c421f4e8cefe0fd3aab22832f51e85bacda0a47a'
const client = rokka({ apiKey: 'x' })

/** Parses a full URL as the render route sees it: raw path and raw query. */
const parse = (url: string): RenderRequest => {
  const { pathname, search } = new URL(url)
  return parseRenderPath(pathname, search)
}

const op = (
  name: string,
  options: Record<string, string> = {},
  expressions: Record<string, string> = {}
): RenderOperation => ({ name, options, expressions })

describe('URLs built by rokka.js parse back to what was asked for', () => {
  it('getUrl with a stack name', () => {
    const url = client.render.getUrl('myorg', H, 'png', 'mystack')
    expect(parse(url)).toStrictEqual({
      stack: 'mystack',
      overrides: { operations: [], options: {}, variables: {} },
      image: { kind: 'hash', hash: H },
      format: 'png',
      queryVariables: {}
    })
  })

  it('getUrl with operation helpers', () => {
    const operations = [
      client.operations.rotate(45),
      client.operations.resize(100, 100),
      client.operations.crop(100, 50, { anchor: 'right_bottom' }),
      client.operations.blur(3)
    ]
    const url = client.render.getUrl('myorg', H, 'webp', operations)
    expect(parse(url).overrides.operations).toStrictEqual([
      op('rotate', { angle: '45' }),
      op('resize', { width: '100', height: '100' }),
      op('crop', { anchor: 'right_bottom', width: '100', height: '50' }),
      op('blur', { sigma: '3' })
    ])
  })

  it('getUrl without a stack renders dynamic/noop', () => {
    const request = parse(client.render.getUrl('myorg', H, 'jpg', ''))
    expect([request.stack, request.overrides.operations]).toStrictEqual(['dynamic', [op('noop')]])
  })

  it('getUrl with a file name and stack options (af)', () => {
    const url = client.render.getUrl(
      'myorg',
      H,
      'jpg',
      [{ name: 'resize', options: { width: 200 } }],
      {
        filename: 'bar',
        stackoptions: { af: 1, 'jpg.quality': 70 }
      }
    )
    expect(parse(url)).toStrictEqual({
      stack: 'dynamic',
      overrides: {
        operations: [op('resize', { width: '200' })],
        options: { autoformat: '1', 'jpg.quality': '70' },
        variables: {}
      },
      image: { kind: 'hash', hash: H },
      seoName: 'bar',
      format: 'jpg',
      queryVariables: {}
    })
  })

  it('getUrl drops the __undefined__ that falsy option values become', () => {
    const url = client.render.getUrl('myorg', H, 'jpg', [
      { name: 'resize', options: { width: 0, height: 50, upscale: false } }
    ])
    expect(new URL(url).pathname).toContain(
      'resize-width-__undefined__-height-50-upscale-__undefined__'
    )
    expect(parse(url).overrides.operations).toStrictEqual([op('resize', { height: '50' })])
  })

  it('getUrl with expressions in option values', () => {
    const url = client.render.getUrl('myorg', H, 'jpg', [
      { name: 'crop', options: { width: '[image.width - 10]', anchor: 'face' } }
    ])
    expect(parse(url).overrides.operations).toStrictEqual([
      op('crop', { anchor: 'face' }, { width: 'image.width - 10' })
    ])
  })

  it('getUrl with variables: safe ones in the path, others in ?v=, falsy ones dropped', () => {
    const variables = {
      w: 300,
      flag: true,
      off: false,
      text: 'Hello World',
      path: 'a/b',
      long: 'abcdefghijklmnopqrstuvwxyz',
      zero: 0,
      empty: ''
    }
    const url = client.render.getUrl('myorg', H, 'jpg', 'mystack', { variables })
    const request = parse(url)
    expect([request.overrides.variables, request.queryVariables]).toStrictEqual([
      { w: '300', flag: 'true', off: 'false' },
      { text: 'Hello World', path: 'a/b', long: 'abcdefghijklmnopqrstuvwxyz' }
    ])
  })

  it('getUrl with removeSafeUrlFromQuery leaves raw JSON in the query', () => {
    const url = client.render.getUrl('myorg', H, 'jpg', 'mystack', {
      variables: { text: 'Hello World', sign: '#' },
      removeSafeUrlFromQuery: true
    })
    expect(url).toContain('?v={"text":"Hello+World","sign":"%23"}')
    expect(parse(url).queryVariables).toStrictEqual({ text: 'Hello World', sign: '#' })
  })

  it('getUrl with a remote image and with an alias', () => {
    const remote = client.render.getUrl('myorg', '-https://example.com/a b.jpg-', 'jpg', 'mystack')
    expect(parse(remote).image).toStrictEqual({
      kind: 'remote',
      url: 'https://example.com/a b.jpg'
    })
    const alias = client.render.getUrl('myorg', '-_myalias_-', 'png', 'mystack', { filename: 'x' })
    expect([parse(alias).image, parse(alias).seoName]).toStrictEqual([
      { kind: 'alias', alias: 'myalias' },
      'x'
    ])
  })

  it('getUrlFromUrl keeps path and ?v= variables when asked to', () => {
    const source = `https://myorg.rokka.io/dynamic/resize-width-100/v-a-b/${H}/foo.png?v=%7B%22x%22%3A%22y+z%22%7D`
    const url = client.render.getUrlFromUrl(source, 'other', {
      clearVariables: false,
      variables: { c: 'd' }
    })
    expect(parse(url)).toStrictEqual({
      stack: 'other',
      overrides: { operations: [], options: {}, variables: { a: 'b', c: 'd' } },
      image: { kind: 'hash', hash: H },
      seoName: 'foo',
      format: 'png',
      queryVariables: { x: 'y z' }
    })
  })

  it('getUrlFromUrl with new operations, format and file name', () => {
    const source = `https://myorg.rokka.io/mystack/${H}/old.png`
    const url = client.render.getUrlFromUrl(source, [client.operations.resize(50, 40)], {
      format: 'avif',
      filename: 'new-v2',
      stackoptions: { dpr: 2 }
    })
    expect(parse(url)).toStrictEqual({
      stack: 'dynamic',
      overrides: {
        operations: [op('resize', { width: '50', height: '40' })],
        options: { dpr: '2' },
        variables: {}
      },
      image: { kind: 'hash', hash: H },
      seoName: 'new-v2',
      cacheBuster: 2,
      format: 'avif',
      queryVariables: {}
    })
  })

  it.each([
    ['abcdef.png', { a: 'b' }, { a: 'b' }, {}],
    ['v-a-b/abcdef.png', { a: 'c' }, { a: 'c' }, {}],
    ['v-a-b/abcdef.png', { a: '#' }, {}, { a: '#' }],
    ['v-a-b--v-d-e/abcdef.png', { a: 'c' }, { a: 'c', d: 'e' }, {}],
    ['v-a-b/o-af-1/abcdef.png', { a: 'c' }, { a: 'c' }, {}],
    ['abcdef.png?foo=bar', { a: '\\k' }, {}, { a: '\\k' }],
    ['abcdef.png?v={"a":"%23"}', { b: 'q' }, { b: 'q' }, { a: '#' }]
  ])('addStackVariables on %s with %j', (tail, variables, inPath, inQuery) => {
    const url = client.render.addStackVariables(
      `https://myorg.rokka.io/template3/${tail}`,
      variables
    )
    const request = parse(url)
    expect([request.overrides.variables, request.queryVariables]).toStrictEqual([inPath, inQuery])
  })

  it('addStackVariables on a remote image URL', () => {
    const url = client.render.addStackVariables(
      'https://myorg.rokka.io/mystack/-https://example.com/a.jpg-.jpg',
      {
        a: 'b'
      }
    )
    const request = parse(url)
    expect([request.image, request.overrides.variables]).toStrictEqual([
      { kind: 'remote', url: 'https://example.com/a.jpg' },
      { a: 'b' }
    ])
  })

  it('signUrl: the SEO file name is gone and the signature is read', () => {
    const key = 'OCOuisGe30QyocYkQN1SPErGGKunyuhZ'
    const url = client.render.signUrl('https://myorg.rokka.io/dynamic/c1b110/foo.jpg', key, {
      until: new Date('2050-02-08T08:03:00+01:00')
    })
    const sigopts = '%7B%22until%22%3A%222050-02-08T07%3A05%3A00.000Z%22%7D'
    expect(parse(url)).toStrictEqual({
      stack: 'dynamic',
      overrides: { operations: [], options: {}, variables: {} },
      image: { kind: 'hash', hash: 'c1b110' },
      format: 'jpg',
      queryVariables: {},
      signature: {
        sig: '0f6370995020ce81',
        sigopts: { until: '2050-02-08T07:05:00.000Z' },
        signedString: `/dynamic/c1b110.jpg?sigopts=${sigopts}`
      }
    })
  })

  it('signUrl keeps other parameters in the signed string', () => {
    const url = client.render.signUrl('https://myorg.rokka.io/dynamic/c1b110.jpg?foo=bar&soso', 'k')
    expect(parse(url).signature?.signedString).toBe('/dynamic/c1b110.jpg?foo=bar&soso=')
  })
})
