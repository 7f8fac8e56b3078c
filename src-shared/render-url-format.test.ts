import { describe, expect, it } from 'vitest'
import {
  formatDynamicStack,
  formatRenderPath,
  parseRenderUrl,
  RenderUrlError,
  type RenderPathInput,
  type RenderRequest
} from './render-url'

const H = 'c421f4e8cefe0fd3aab22832f51e85bacda0a47a'

const messageOf = (run: () => unknown): string => {
  try {
    run()
  } catch (error) {
    if (error instanceof RenderUrlError && error.status === 400) return error.message
    throw error
  }
  throw new Error('expected a RenderUrlError')
}

const withoutSignature = ({ signature: _, ...rest }: RenderRequest): RenderRequest => rest

describe('formatDynamicStack', () => {
  it('writes the PHP client example, keys sorted', () => {
    const part = formatDynamicStack(
      [
        { name: 'resize', options: { width: 200, height: 200 } },
        { name: 'rotate', options: { angle: 45 } }
      ],
      { 'webp.quality': 80, 'jpg.quality': 80 },
      { w: 300 }
    )
    expect(part).toBe(
      'resize-height-200-width-200--rotate-angle-45--o-jpg.quality-80-webp.quality-80--v-w-300'
    )
  })

  it('writes booleans, leaves out null and undefined, keeps operation order', () => {
    const part = formatDynamicStack([
      { name: 'resize', options: { width: 100, upscale: false, height: null, mode: undefined } },
      { name: 'blur' },
      { name: 'resize', options: { width: 50 } }
    ])
    expect(part).toBe('resize-upscale-false-width-100--blur--resize-width-50')
  })

  it('percent-encodes values with - as %2D and writes expressions in brackets', () => {
    const part = formatDynamicStack([
      { name: 'rotate', options: { angle: -45 } },
      {
        name: 'text',
        options: { text: 'Grüezi & bye?', anchor: 'x' },
        expressions: { anchor: 'a-b' }
      },
      { name: 'resize', expressions: { width: 'image.width / 2' } }
    ])
    expect(part).toBe(
      'rotate-angle-%2D45--text-anchor-[a-b]-text-Gr%C3%BCezi%20&%20bye%3F--resize-width-[image.width%20%2F%202]'
    )
  })

  it('keeps paired brackets inside literal values', () => {
    expect(
      formatDynamicStack([{ name: 'text', options: { text: 'a[b-c]' } }], {}, { t: '[x][y]' })
    ).toBe('text-text-a[b%2Dc]--v-t-[x][y]')
  })

  it('keeps an operation named like a cache buster or a hash apart from one', () => {
    expect(formatDynamicStack([{ name: 'facade' }])).toBe('facade--')
    expect(formatDynamicStack([{ name: 'facade', options: { a: 1 } }])).toBe('facade-a-1')
    expect(formatDynamicStack([{ name: 'v2' }])).toBe('v2--')
    expect(
      parseRenderUrl(`/dynamic/${formatDynamicStack([{ name: 'v2' }])}/abcdef.jpg`).overrides
        .operations
    ).toStrictEqual([{ name: 'v2', options: {}, expressions: {} }])
  })

  it('is empty for nothing', () => {
    expect(formatDynamicStack([])).toBe('')
  })

  it.each([
    [
      () => formatDynamicStack([{ name: 'o' }]),
      '"o" cannot be written as an operation name in a render URL.'
    ],
    [
      () => formatDynamicStack([{ name: 're-size' }]),
      '"re-size" cannot be written as an operation name in a render URL.'
    ],
    [
      () => formatDynamicStack([{ name: 'resize', options: { 'wid-th': 1 } }]),
      'Option name "wid-th" may only use letters, digits, _ and ".".'
    ],
    [
      () => formatDynamicStack([{ name: 'text', options: { text: 'a/b' } }]),
      'Option "text.text" "a/b" contains "/", which a render URL path cannot carry; put such variables in queryVariables (?v=).'
    ],
    [
      () => formatDynamicStack([{ name: 'text', options: { text: '[x]' } }]),
      'Option "text.text" "[x]" has "[" and "]" that a render URL would read as an expression.'
    ],
    [
      () => formatDynamicStack([{ name: 'text', options: { text: 'a]b[' } }]),
      'Option "text.text" "a]b[" has "[" and "]" that a render URL would read as an expression.'
    ],
    [
      () => formatDynamicStack([{ name: 'text', options: { text: '' } }]),
      'Option "text.text" cannot be empty in a render URL.'
    ],
    [
      () => formatDynamicStack([{ name: 'resize', options: { width: '__undefined__' } }]),
      'Option "resize.width" cannot be "__undefined__".'
    ],
    [
      () => formatDynamicStack([{ name: 'resize', options: { width: [1] } }]),
      'Option "resize.width" must be a string, a finite number or a boolean to fit in a URL.'
    ],
    [
      () => formatDynamicStack([{ name: 'resize', options: { width: Number.NaN } }]),
      'Option "resize.width" must be a string, a finite number or a boolean to fit in a URL.'
    ],
    [
      () => formatDynamicStack([{ name: 'resize', expressions: { width: ' ' } }]),
      'Option "resize.width" is an empty expression.'
    ],
    [
      () => formatDynamicStack([{ name: 'resize', expressions: { width: 'a]' } }]),
      'Option "resize.width" "a]" has "[" and "]" that do not pair up.'
    ],
    [
      () => formatDynamicStack([], { dpr: '[2]' }),
      'Stack option "dpr" "[2]" has "[" and "]" that a render URL would read as an expression.'
    ],
    [
      () => formatDynamicStack([], {}, { text: 'a/b' }),
      'Variable "text" "a/b" contains "/", which a render URL path cannot carry; put such variables in queryVariables (?v=).'
    ]
  ])('refuses what a URL cannot carry (%#)', (run, message) => {
    expect(messageOf(run)).toBe(message)
  })
})

describe('formatRenderPath', () => {
  const base: RenderPathInput = {
    stack: 'mystack',
    image: { kind: 'hash', hash: H },
    format: 'jpg'
  }

  it('writes the shortest form', () => {
    expect(formatRenderPath(base)).toBe(`/mystack/${H}.jpg`)
  })

  it('writes overrides, file name and sorted ?v= JSON', () => {
    const path = formatRenderPath({
      ...base,
      overrides: { operations: [{ name: 'resize', options: { width: 200 } }], options: { dpr: 2 } },
      seoName: 'my photo',
      queryVariables: { z: 'a/b', a: 1 }
    })
    expect(path).toBe(
      `/mystack/resize-width-200--o-dpr-2/${H}/my%20photo.jpg?v=%7B%22a%22%3A1%2C%22z%22%3A%22a%2Fb%22%7D`
    )
  })

  it('is deterministic whatever the key order', () => {
    const one = formatRenderPath({
      ...base,
      overrides: { options: { b: 1, a: 2 } },
      queryVariables: { y: 1, x: 2 }
    })
    const two = formatRenderPath({
      ...base,
      overrides: { options: { a: 2, b: 1 } },
      queryVariables: { x: 2, y: 1 }
    })
    expect(one).toBe(two)
  })

  it('writes a cache buster the file name does not carry as a /v<n> part', () => {
    expect(formatRenderPath({ ...base, cacheBuster: 3 })).toBe(`/mystack/v3/${H}.jpg`)
    expect(formatRenderPath({ ...base, seoName: 'name', cacheBuster: 3 })).toBe(
      `/mystack/v3/${H}/name.jpg`
    )
    expect(formatRenderPath({ ...base, seoName: 'name-v3', cacheBuster: 3 })).toBe(
      `/mystack/${H}/name-v3.jpg`
    )
  })

  it('writes aliases and escapes remote paths so that they read back', () => {
    expect(formatRenderPath({ ...base, image: { kind: 'alias', alias: 'my_alias' } })).toBe(
      '/mystack/-_my_alias_-.jpg'
    )
    const tricky = [
      '-starts/with-dash',
      '_looks_like_alias_',
      'a-/b-',
      'https://x.test/a?b=1#c',
      'ends-with/',
      'x%y'
    ]
    const written = tricky.map((url) =>
      formatRenderPath({ ...base, image: { kind: 'remote', url }, seoName: 's' })
    )
    expect(written).toStrictEqual([
      '/mystack/-%2Dstarts/with-dash-/s.jpg',
      '/mystack/-%5Flooks_like_alias_-/s.jpg',
      '/mystack/-a%2D/b--/s.jpg',
      '/mystack/-https://x.test/a%3Fb=1%23c-/s.jpg',
      '/mystack/-ends-with/-/s.jpg',
      '/mystack/-x%25y-/s.jpg'
    ])
    expect(written.map((path) => parseRenderUrl(path).image)).toStrictEqual(
      tricky.map((url) => ({ kind: 'remote', url }))
    )
  })

  it.each([
    [{ ...base, stack: 'my stack' }, '"my stack" is not a stack name.'],
    [
      { ...base, image: { kind: 'hash', hash: 'ABCDEF' } },
      '"ABCDEF" is not an image hash (6 to 40 lowercase hex).'
    ],
    [
      { ...base, image: { kind: 'alias', alias: 'a-b' } },
      '"a-b" is not an alias name (letters, digits and _).'
    ],
    [{ ...base, image: { kind: 'remote', url: '' } }, 'A remote image needs a path or URL.'],
    [
      { ...base, image: { kind: 'remote', url: 'a/../b' } },
      'The remote image "a/../b" may not contain "." or ".." path segments.'
    ],
    [{ ...base, seoName: 'a.b' }, 'The file name "a.b" must be non-empty, without "." or "/".'],
    [{ ...base, seoName: '' }, 'The file name "" must be non-empty, without "." or "/".'],
    [
      { ...base, seoName: 'name-v2', cacheBuster: 3 },
      'The file name "name-v2" ends in v2, which contradicts cache buster 3.'
    ],
    [{ ...base, cacheBuster: 1.5 }, 'The cache buster must be a whole number from 0 to 15 digits.'],
    [
      { ...base, format: 'exe' },
      'Unknown output format ".exe"; use one of jpg, jpeg, png, gif, webp, avif, jxl, heic, heif, jp2, svg, tif, tiff, mp4, webm, m3u, m3u8, ts, blur.'
    ]
  ] satisfies Array<[RenderPathInput, string]>)('refuses %j', (input, message) => {
    const error = (() => {
      try {
        formatRenderPath(input)
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(RenderUrlError)
    expect(error instanceof RenderUrlError && error.message).toBe(message)
  })
})

const pick = <T>(next: (below: number) => number, items: readonly T[]): T =>
  items[next(items.length)] as T

const NOISE = [
  '/',
  '-',
  '--',
  '[',
  ']',
  '%5B',
  '%5D',
  '%2F',
  '%2D',
  '.',
  '..',
  '%',
  '%20',
  '?',
  'x'
]
const NAMES = ['resize', 'blur', 'facade', 'o', 'options', 'v', 'variables', 'v2', 'af', '', '%41b']
const KEYS = ['width', 'af', 'jpg.quality', 'x_y', '', '[k]']
const VALUES = ['1', '%2D5', '[a-b]', '%5Bimage.width%2F2%5D', '[a][b]', 'a[b]', '__undefined__']
const MORE_VALUES = ['', '%20', 'x%2Fy', '[', ']', '%255B', ':', 'true', '[]', '%E2%82%AC']
const IMAGES = [
  'abcdef',
  'abcdef/v3',
  '-x/y-',
  '-_a_-',
  '-%5Fa_-',
  '-%2Dx-/s',
  'abcdef/seo',
  '-a-/-b-'
]

/** A stack part made of blocks, mostly well formed, sometimes not. */
const stackPart = (next: (below: number) => number): string => {
  const blocks = Array.from({ length: next(4) }, () => {
    const pairs = Array.from({ length: next(3) }, () => [
      pick(next, KEYS),
      pick(next, next(3) === 0 ? MORE_VALUES : VALUES)
    ])
    const tokens = [pick(next, NAMES), ...pairs.flat()]
    if (next(10) === 0) tokens.pop()
    return tokens.join('-')
  })
  const part = blocks.join(pick(next, ['--', '--', '--', '-', '---']))
  return next(8) === 0 ? `${part}${pick(next, NOISE)}` : part
}

/** A small seeded generator, so that failures can be replayed. */
const randomFrom = (seed: number) => {
  let state = seed >>> 0
  return (below: number): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state % below
  }
}

describe('parse and format, on generated paths', () => {
  it('never throws anything but a RenderUrlError, and what parses round-trips', () => {
    const next = randomFrom(20240611)
    let parsed = 0
    for (let run = 0; run < 20000; run += 1) {
      const parts = Array.from({ length: next(4) }, () => stackPart(next))
      const path = `/${pick(next, ['dynamic', 'mystack'])}/${parts.join('/')}/${pick(next, IMAGES)}.jpg`
      let request: RenderRequest
      try {
        request = withoutSignature(parseRenderUrl(path))
      } catch (error) {
        expect(error, path).toBeInstanceOf(RenderUrlError)
        continue
      }
      parsed += 1
      expect(parseRenderUrl(formatRenderPath(request)), path).toStrictEqual(request)
    }
    expect(parsed).toBeGreaterThan(2000)
  })
})
