import { describe, expect, it } from 'vitest'
import {
  formatRenderPath,
  parseRenderPath,
  parseRenderUrl,
  type RenderImage,
  type RenderOperation,
  type RenderRequest
} from './render-url'

const H = 'c421f4e8cefe0fd3aab22832f51e85bacda0a47a'
const B = 'b537639e539efcc3df4459ef87c5963aa5079ca6'

const op = (
  name: string,
  options: Record<string, string> = {},
  expressions: Record<string, string> = {}
): RenderOperation => ({ name, options, expressions })

const hash = (value: string): RenderImage => ({ kind: 'hash', hash: value })
const remote = (url: string): RenderImage => ({ kind: 'remote', url })

interface Expected {
  stack: string
  image: RenderImage
  format: RenderRequest['format']
  operations?: RenderOperation[]
  options?: Record<string, string>
  variables?: Record<string, string>
  seoName?: string
  cacheBuster?: number
  queryVariables?: Record<string, unknown>
  signature?: RenderRequest['signature']
}

/** The full RenderRequest: everything not listed is empty. */
const request = (expected: Expected): RenderRequest => {
  const { operations = [], options = {}, variables = {}, queryVariables = {}, ...rest } = expected
  const { stack, image, format, seoName, cacheBuster, signature } = rest
  return {
    stack,
    overrides: { operations, options, variables },
    image,
    ...(seoName === undefined ? {} : { seoName }),
    ...(cacheBuster === undefined ? {} : { cacheBuster }),
    format,
    queryVariables,
    ...(signature === undefined ? {} : { signature })
  }
}

const withoutSignature = ({ signature: _, ...rest }: RenderRequest): RenderRequest => rest

/** [where the example comes from, path with query, expected parse]. */
const examples: Array<[string, string, RenderRequest]> = [
  // §5.1 path forms
  [
    '5.1 stack/hash.format',
    `/mystack/${H}.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg' })
  ],
  [
    '5.1 stack/hash/seo.format',
    `/mystack/${H}/seo-filename.png`,
    request({ stack: 'mystack', image: hash(H), format: 'png', seoName: 'seo-filename' })
  ],
  [
    '5.1 stack/url-parts/hash/seo.format',
    `/mystack/resize-width-200/o-dpr-2/${H}/seo.webp`,
    request({
      stack: 'mystack',
      image: hash(H),
      format: 'webp',
      seoName: 'seo',
      operations: [op('resize', { width: '200' })],
      options: { dpr: '2' }
    })
  ],
  [
    '5.1 dynamic/operations/hash/seo.format',
    `/dynamic/resize-width-200-height-150--rotate-angle-90/${H}/seo.gif`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'gif',
      seoName: 'seo',
      operations: [op('resize', { width: '200', height: '150' }), op('rotate', { angle: '90' })]
    })
  ],
  [
    '5.1 remote image',
    '/mystack/o-af-1/-path/to/image.jpg-/seo.avif',
    request({
      stack: 'mystack',
      image: remote('path/to/image.jpg'),
      format: 'avif',
      seoName: 'seo',
      options: { autoformat: '1' }
    })
  ],
  [
    '5.1 alias with seo',
    '/mystack/-_myalias_-/seo.jpg',
    request({
      stack: 'mystack',
      image: { kind: 'alias', alias: 'myalias' },
      format: 'jpg',
      seoName: 'seo'
    })
  ],
  [
    '5.1 short hash',
    '/mystack/c421f4.png',
    request({ stack: 'mystack', image: hash('c421f4'), format: 'png' })
  ],
  [
    '5.1 cache buster as file name',
    `/mystack/${H}/v1.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', seoName: 'v1', cacheBuster: 1 })
  ],
  [
    '5.1 cache buster at the end of the file name',
    `/mystack/${H}/name-v12.jpg`,
    request({
      stack: 'mystack',
      image: hash(H),
      format: 'jpg',
      seoName: 'name-v12',
      cacheBuster: 12
    })
  ],
  [
    '5.1 cache buster as URL part',
    `/mystack/v3/${H}.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', cacheBuster: 3 })
  ],
  [
    '5.1 file name cache buster wins over the part',
    `/mystack/v3/${H}/name-v4.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', seoName: 'name-v4', cacheBuster: 4 })
  ],
  [
    '5.1 a v inside a word is no cache buster',
    `/mystack/${H}/preview2.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', seoName: 'preview2' })
  ],
  [
    '5.1 _preview stack',
    `/_preview_abc/${H}.png`,
    request({ stack: '_preview_abc', image: hash(H), format: 'png' })
  ],
  [
    '5.1 client parser: hex file name after a hash is the file name',
    '/5e05e0/b53763/5e05d0.jpeg',
    request({ stack: '5e05e0', image: hash('b53763'), format: 'jpeg', seoName: '5e05d0' })
  ],
  [
    '5.1 PHP remote -some/remot-e/path.jpeg-',
    '/noop/-some/remot-e/path.jpeg-.jpeg',
    request({ stack: 'noop', image: remote('some/remot-e/path.jpeg'), format: 'jpeg' })
  ],
  [
    '5.1 PHP remote with encoded query',
    '/dynamic/-remote/image.jpg%3Fwidth=100-/5e05d0.jpeg',
    request({
      stack: 'dynamic',
      image: remote('remote/image.jpg?width=100'),
      format: 'jpeg',
      seoName: '5e05d0'
    })
  ],
  [
    '5.1 PHP remote -some/rem-ote/image-',
    '/5e05e0/-some/rem-ote/image-.jpeg',
    request({ stack: '5e05e0', image: remote('some/rem-ote/image'), format: 'jpeg' })
  ],
  [
    '5.1 rokka.js remote -path-to-image-',
    '/mystack/-path-to-image-.jpg',
    request({ stack: 'mystack', image: remote('path-to-image'), format: 'jpg' })
  ],
  [
    '5.1 rokka.js remote with file name',
    '/mystack/-path-to-image-/myfile.png',
    request({ stack: 'mystack', image: remote('path-to-image'), format: 'png', seoName: 'myfile' })
  ],
  [
    '5.1 a hex file name after a remote image stays the file name',
    '/mystack/-path/to-/abcdef.png',
    request({ stack: 'mystack', image: remote('path/to'), format: 'png', seoName: 'abcdef' })
  ],
  [
    '5.1 a hash inside a remote path is part of it',
    '/mystack/-cdn/abcdef/b-.png',
    request({ stack: 'mystack', image: remote('cdn/abcdef/b'), format: 'png' })
  ],
  [
    '5.1 a file name starting and ending in - after a hash',
    '/mystack/abcdef/-seo-.png',
    request({ stack: 'mystack', image: hash('abcdef'), format: 'png', seoName: '-seo-' })
  ],
  // §5.2 stack part grammar and its examples
  [
    '5.2 rokka.js getUrl with operations',
    `/dynamic/rotate-angle-45--resize-width-100-height-100/${H}.png`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'png',
      operations: [op('rotate', { angle: '45' }), op('resize', { width: '100', height: '100' })]
    })
  ],
  [
    '5.2 rokka.js o-af-1',
    `/dynamic/resize-width-200/o-af-1/${H}/bar.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      seoName: 'bar',
      operations: [op('resize', { width: '200' })],
      options: { autoformat: '1' }
    })
  ],
  [
    '5.2 PHP Stack getDynamicUriString',
    `/dynamic/resize-height-200-width-200--rotate-angle-45--o-jpg.quality-80-webp.quality-80--v-w-300/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { height: '200', width: '200' }), op('rotate', { angle: '45' })],
      options: { 'jpg.quality': '80', 'webp.quality': '80' },
      variables: { w: '300' }
    })
  ],
  [
    '5.2 srcset 2x',
    `/stackname/o-dpr-2/${B}.jpg`,
    request({ stack: 'stackname', image: hash(B), format: 'jpg', options: { dpr: '2' } })
  ],
  [
    '5.2 srcset 300w 2x',
    `/stackname/resize-width-150--o-dpr-2/${B}.jpg`,
    request({
      stack: 'stackname',
      image: hash(B),
      format: 'jpg',
      operations: [op('resize', { width: '150' })],
      options: { dpr: '2' }
    })
  ],
  [
    '5.2 PHP srcset with custom options',
    `/stackname/resize-width-150--options-dpr-2-jpg.quality-50/${B}.jpg`,
    request({
      stack: 'stackname',
      image: hash(B),
      format: 'jpg',
      operations: [op('resize', { width: '150' })],
      options: { dpr: '2', 'jpg.quality': '50' }
    })
  ],
  [
    '5.2 PHP TemplateHelper resize',
    `/dynamic/resize-width-300-height-200--options-autoformat-true-jpg.transparency.autoformat-true/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { width: '300', height: '200' })],
      options: { autoformat: 'true', 'jpg.transparency.autoformat': 'true' }
    })
  ],
  [
    '5.2 PHP TemplateHelper resize and crop',
    `/dynamic/resize-width-300-height-200-mode-fill--crop-width-300-height-200--options-autoformat-true-jpg.transparency.autoformat-true/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [
        op('resize', { width: '300', height: '200', mode: 'fill' }),
        op('crop', { width: '300', height: '200' })
      ],
      options: { autoformat: 'true', 'jpg.transparency.autoformat': 'true' }
    })
  ],
  [
    '5.2 PHP TemplateHelper noop',
    `/dynamic/noop--options-autoformat-true-jpg.transparency.autoformat-true/${H}.png`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'png',
      operations: [op('noop')],
      options: { autoformat: 'true', 'jpg.transparency.autoformat': 'true' }
    })
  ],
  [
    '5.2 named stack with overrides',
    `/mystack/resize-width-200--options-dpr-2-autoformat-true/${H}.jpg`,
    request({
      stack: 'mystack',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { width: '200' })],
      options: { dpr: '2', autoformat: 'true' }
    })
  ],
  [
    '5.2 o-jpg.quality-50',
    `/mystack/o-jpg.quality-50/${H}.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', options: { 'jpg.quality': '50' } })
  ],
  [
    '5.2 later parts of dynamic override all operations of that name',
    `/dynamic/resize-width-100--blur--resize-width-200/resize-width-300/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { width: '300' }), op('blur'), op('resize', { width: '300' })]
    })
  ],
  [
    '5.2 later parts of dynamic do not add operations',
    `/dynamic/resize-width-200/crop-width-200-height-200/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { width: '200' })]
    })
  ],
  [
    '5.2 named stack overrides merge per operation name, later wins',
    `/mystack/resize-width-100--blur-sigma-2--resize-height-50/resize-width-300/${H}.jpg`,
    request({
      stack: 'mystack',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { width: '300', height: '50' }), op('blur', { sigma: '2' })]
    })
  ],
  [
    '5.2 repeated options blocks, later wins',
    `/dynamic/options-jpg.quality-90/options-jpg.quality-40/${H}.jpg`,
    request({ stack: 'dynamic', image: hash(H), format: 'jpg', options: { 'jpg.quality': '40' } })
  ],
  [
    '5.2 empty parts and blocks are ignored',
    `/dynamic//--options--/resize-width-100--//${H}.jpg`,
    request({ stack: 'dynamic', image: hash(H), format: 'jpg' })
  ],
  [
    '5.2 the first non-empty part defines the operations',
    `/dynamic//resize-width-100--//${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { width: '100' })]
    })
  ],
  [
    '5.2 rokka.js __undefined__ values are dropped',
    `/dynamic/resize-width-__undefined__-height-50-upscale-__undefined__/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { height: '50' })]
    })
  ],
  [
    '5.2 __undefined__ does not unset an earlier value',
    `/mystack/resize-width-100/resize-width-__undefined__/${H}.jpg`,
    request({
      stack: 'mystack',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { width: '100' })]
    })
  ],
  [
    '5.2 af is autoformat; later spelling wins',
    `/mystack/o-autoformat-false-af-true/${H}.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', options: { autoformat: 'true' } })
  ],
  [
    '5.2 af only means autoformat in stack options',
    `/mystack/resize-af-1--v-af-2/${H}.jpg`,
    request({
      stack: 'mystack',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { af: '1' })],
      variables: { af: '2' }
    })
  ],
  [
    '5.2 %2D is a literal dash, so negative numbers can be written',
    `/dynamic/rotate-angle-%2D45/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('rotate', { angle: '-45' })]
    })
  ],
  // §3.1 values arrive as strings
  [
    '3.1 anchors and booleans stay strings',
    `/dynamic/crop-width-100-height-100-anchor-15_65--resize-width-200-upscale-false/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [
        op('crop', { width: '100', height: '100', anchor: '15_65' }),
        op('resize', { width: '200', upscale: 'false' })
      ]
    })
  ],
  [
    '3.1 anchor-right_bottom',
    `/dynamic/crop-width-10-height-10-anchor-right_bottom/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('crop', { width: '10', height: '10', anchor: 'right_bottom' })]
    })
  ],
  // §4.2 variables, §4.3 expressions
  [
    '4.2 v block',
    `/mystack/v-w-200-h-100/${H}.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', variables: { w: '200', h: '100' } })
  ],
  [
    '4.2 variables block and ?v= JSON stay apart',
    `/mystack/variables-w-200/${H}.jpg?v=%7B%22text%22%3A%22Some%20%26%20Some%22%2C%22w%22%3A300%7D`,
    request({
      stack: 'mystack',
      image: hash(H),
      format: 'jpg',
      variables: { w: '200' },
      queryVariables: { text: 'Some & Some', w: 300 }
    })
  ],
  [
    '4.2 rokka.js double variables definition',
    '/template3/v-a-b--v-d-e/abcdef.png',
    request({
      stack: 'template3',
      image: hash('abcdef'),
      format: 'png',
      variables: { a: 'b', d: 'e' }
    })
  ],
  [
    '4.2 rokka.js percent-encoded variable value',
    '/template3/v-a-q%20a/abcdef.png',
    request({ stack: 'template3', image: hash('abcdef'), format: 'png', variables: { a: 'q a' } })
  ],
  [
    '4.2 rokka.js cleaner ?v= with raw JSON',
    '/template3/abcdef.png?v={"a":"%23"}',
    request({
      stack: 'template3',
      image: hash('abcdef'),
      format: 'png',
      queryVariables: { a: '#' }
    })
  ],
  [
    '4.3 expression value',
    `/dynamic/crop-anchor-face-width-[image.detection_face.height*1.5]/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('crop', { anchor: 'face' }, { width: 'image.detection_face.height*1.5' })]
    })
  ],
  [
    '4.3 percent-encoded expression with dashes and a slash',
    `/dynamic/resize-width-%5B$w%20-%20image.width%2F2%5D/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', {}, { width: '$w - image.width/2' })]
    })
  ],
  [
    '4.3 an expression replaces an earlier option of the same key, and back',
    `/dynamic/resize-width-100-height-[$h]/resize-width-[$w]-height-50/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('resize', { height: '50' }, { width: '$w' })]
    })
  ],
  [
    '4.3 negative number as expression',
    `/dynamic/rotate-angle-[-45]/${H}.jpg`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'jpg',
      operations: [op('rotate', {}, { angle: '-45' })]
    })
  ],
  [
    '4.3 bracketed variable values stay literal text',
    `/mystack/v-a-[x-1]/${H}.jpg`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg', variables: { a: '[x-1]' } })
  ],
  // §5.3 query parameters
  [
    '5.3 sig and sigopts',
    '/dynamic/c1b110.jpg?sigopts=%7B%22until%22%3A%222050-02-08T07%3A05%3A00.000Z%22%7D&sig=0f6370995020ce81',
    request({
      stack: 'dynamic',
      image: hash('c1b110'),
      format: 'jpg',
      signature: {
        sig: '0f6370995020ce81',
        sigopts: { until: '2050-02-08T07:05:00.000Z' },
        signedString:
          '/dynamic/c1b110.jpg?sigopts=%7B%22until%22%3A%222050-02-08T07%3A05%3A00.000Z%22%7D'
      }
    })
  ],
  [
    '5.3 other parameters are kept in the signed string',
    '/dynamic/c1b110.jpg?foo=bar&lala=hello&soso&sig=b4491de1823ef16f',
    request({
      stack: 'dynamic',
      image: hash('c1b110'),
      format: 'jpg',
      signature: {
        sig: 'b4491de1823ef16f',
        signedString: '/dynamic/c1b110.jpg?foo=bar&lala=hello&soso'
      }
    })
  ],
  [
    '5.3 sig alone signs the bare path',
    '/dynamic/c1b110.jpg?sig=62e7a9ccd3dea053',
    request({
      stack: 'dynamic',
      image: hash('c1b110'),
      format: 'jpg',
      signature: { sig: '62e7a9ccd3dea053', signedString: '/dynamic/c1b110.jpg' }
    })
  ],
  [
    '5.3 PHP ?v= form and sig',
    '/dynamic/c1b110.jpg?v=%7B%22a%22:%22b%22%7D&sig=18b39da4d52113f8',
    request({
      stack: 'dynamic',
      image: hash('c1b110'),
      format: 'jpg',
      queryVariables: { a: 'b' },
      signature: {
        sig: '18b39da4d52113f8',
        signedString: '/dynamic/c1b110.jpg?v=%7B%22a%22:%22b%22%7D'
      }
    })
  ],
  // §5.4 formats, §5.5 dynamic
  [
    '5.4 video thumbnail',
    '/dynamic/c97fc8.jpg',
    request({ stack: 'dynamic', image: hash('c97fc8'), format: 'jpg' })
  ],
  [
    '5.4 timestamp with colons',
    '/dynamic/options-timestamp-00:00:40/c97fc8.jpg',
    request({
      stack: 'dynamic',
      image: hash('c97fc8'),
      format: 'jpg',
      options: { timestamp: '00:00:40' }
    })
  ],
  [
    '5.4 upper-case format is read lower-case',
    `/mystack/${H}.JPG`,
    request({ stack: 'mystack', image: hash(H), format: 'jpg' })
  ],
  [
    '5.5 dynamic with options and variables blocks',
    `/dynamic/resize-width-100--grayscale--options-dpr-2--v-w-10/${H}.webp`,
    request({
      stack: 'dynamic',
      image: hash(H),
      format: 'webp',
      operations: [op('resize', { width: '100' }), op('grayscale')],
      options: { dpr: '2' },
      variables: { w: '10' }
    })
  ],
  // §5.6 remote images and aliases
  [
    '5.6 remote path with basepath',
    '/somestack/-2017/06/Relax_sabbatical.jpg-/some-seo-string.jpg',
    request({
      stack: 'somestack',
      image: remote('2017/06/Relax_sabbatical.jpg'),
      format: 'jpg',
      seoName: 'some-seo-string'
    })
  ],
  [
    '5.6 remote full URL',
    '/somestack/-https://blog.liip.ch/content/uploads/2017/06/Relax_sabbatical.jpg-/some-seo-string.jpg',
    request({
      stack: 'somestack',
      image: remote('https://blog.liip.ch/content/uploads/2017/06/Relax_sabbatical.jpg'),
      format: 'jpg',
      seoName: 'some-seo-string'
    })
  ],
  [
    '5.6 remote video frame',
    '/dynamic/-https://liip.rokka.io/dynamic/c97fc8.mp4@00:00:22-.jpg',
    request({
      stack: 'dynamic',
      image: remote('https://liip.rokka.io/dynamic/c97fc8.mp4@00:00:22'),
      format: 'jpg'
    })
  ],
  [
    '5.6 alias',
    '/resize/-_myalias_-.jpg',
    request({ stack: 'resize', image: { kind: 'alias', alias: 'myalias' }, format: 'jpg' })
  ],
  [
    '5.6 alias with underscores',
    '/resize/-_my_alias_-.jpg',
    request({ stack: 'resize', image: { kind: 'alias', alias: 'my_alias' }, format: 'jpg' })
  ]
]

describe('parseRenderPath: examples of the API reference and the clients', () => {
  it.each(examples)('%s: %s', (_, url, expected) => {
    expect(parseRenderUrl(url)).toStrictEqual(expected)
  })

  it.each(examples)('%s: formats back to the same request', (_, url) => {
    const parsed = withoutSignature(parseRenderUrl(url))
    expect(parseRenderUrl(formatRenderPath(parsed))).toStrictEqual(parsed)
  })

  it('takes the query as URLSearchParams or as a string with or without ?', () => {
    const expected = request({
      stack: 'mystack',
      image: hash(H),
      format: 'jpg',
      queryVariables: { w: 1 }
    })
    const path = `/mystack/${H}.jpg`
    expect(parseRenderPath(path, new URLSearchParams({ v: '{"w":1}' }))).toStrictEqual(expected)
    expect(parseRenderPath(path, '?v=%7B%22w%22%3A1%7D')).toStrictEqual(expected)
    expect(parseRenderPath(path, 'v=%7B%22w%22%3A1%7D')).toStrictEqual(expected)
  })

  it('accepts every documented format and the 6 to 40 character hashes', () => {
    const formats = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'jxl', 'heic', 'heif', 'jp2']
    for (const format of [
      ...formats,
      'svg',
      'tif',
      'tiff',
      'mp4',
      'webm',
      'm3u',
      'm3u8',
      'ts',
      'blur'
    ]) {
      expect(parseRenderPath(`/s/${H}.${format}`, '').format).toBe(format)
    }
    expect(parseRenderPath(`/s/${H.slice(0, 39)}.jpg`, '').image).toEqual(hash(H.slice(0, 39)))
    expect(parseRenderPath('/s/abcdef.jpg', '').image).toEqual(hash('abcdef'))
  })
})

/** rokka-client-php tests/UriHelperTest.php provideDecomposeUri, against three stacks. */
describe('parseRenderPath: the PHP client decomposeUri matrix', () => {
  const resize = (width: string) => op('resize', { width })
  // [URL option part, dynamic operations, named stack overrides, stack options]
  const optionCases: Array<[string, RenderOperation[], RenderOperation[], Record<string, string>]> =
    [
      ['', [], [], {}],
      ['/', [], [], {}],
      ['options-jpg.quality-90/', [], [], { 'jpg.quality': '90' }],
      ['options-jpg.quality-90/options-dpr-2/', [], [], { 'jpg.quality': '90', dpr: '2' }],
      ['options-jpg.quality-90/options-jpg.quality-40/', [], [], { 'jpg.quality': '40' }],
      ['options-jpg.quality-90--options-jpg.quality-40/', [], [], { 'jpg.quality': '40' }],
      ['resize-width-100//', [resize('100')], [resize('100')], {}],
      ['//options-jpg.quality-90//', [], [], { 'jpg.quality': '90' }],
      ['//options-jpg.quality-90/', [], [], { 'jpg.quality': '90' }],
      ['--options/', [], [], {}],
      ['options--/', [], [], {}],
      ['--/', [], [], {}],
      ['resize-width-100--options-dpr-2/', [resize('100')], [resize('100')], { dpr: '2' }],
      [
        'resize-width-100--blur--resize-width-200--options-dpr-2/',
        [resize('100'), op('blur'), resize('200')],
        [resize('200'), op('blur')],
        { dpr: '2' }
      ],
      [
        'resize-width-100--blur--resize-width-200--options-dpr-2/resize-width-300/',
        [resize('300'), op('blur'), resize('300')],
        [resize('300'), op('blur')],
        { dpr: '2' }
      ]
    ]
  const images: Array<[string, RenderImage]> = [
    [B, hash(B)],
    ['b53763', hash('b53763')],
    ['-some/remot-e/path.jpeg-', remote('some/remot-e/path.jpeg')],
    ['-remote/image.jpg%3Fwidth=100-', remote('remote/image.jpg?width=100')],
    ['-some/rem-ote/image-', remote('some/rem-ote/image')]
  ]
  const cases = ['noop', 'dynamic', '5e05e0'].flatMap((stack) =>
    optionCases.flatMap(([part, dynamicOps, namedOps, options]) =>
      images.flatMap(([written, image]) =>
        [undefined, '5e05d0'].map((seoName): [string, RenderRequest] => [
          `/${stack}/${part}${written}${seoName === undefined ? '' : `/${seoName}`}.jpeg`,
          request({
            stack,
            image,
            format: 'jpeg',
            operations: stack === 'dynamic' ? dynamicOps : namedOps,
            options,
            ...(seoName === undefined ? {} : { seoName })
          })
        ])
      )
    )
  )

  it('has every combination', () => expect(cases).toHaveLength(450))

  it.each(cases)('%s', (path, expected) => {
    expect(parseRenderPath(path, '')).toStrictEqual(expected)
  })
})
