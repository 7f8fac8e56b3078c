import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SourceImage } from '../../src-shared/api/sourceimages'
import { makeAnimatedGif, makeJpeg, makePngWithAlpha } from './images'
import {
  errorOf,
  facts,
  get,
  renderClient,
  resizeTo,
  startFixtureServer,
  upload,
  type FixtureServer,
  type ImageFacts,
  type Rendered,
  createStack as createStackOn
} from './render-http'
import { useApiServer, type RokkaClient } from './server'

const server = useApiServer()

let rc: RokkaClient
let org: string
let fixture: FixtureServer
/** Operation names `GET /operations` lists: only those can be rendered. */
let listed: Set<string>
const images: Record<string, SourceImage> = {}

const WEBP = 'image/avif,image/webp,*/*;q=0.8'

const createStack = (name: string, config: Parameters<RokkaClient['stacks']['create']>[2]) =>
  createStackOn(server, name, config)

const fetchPath = (path: string, headers: Record<string, string> = {}) =>
  get(server, `${server.url}/render/${org}${path}`, headers)

const describeFailure = (rendered: Rendered) => rendered.body.toString('utf8').slice(0, 300)

/** Fills `{photo}`, `{photo.short}`, `{fixture}`… into a path template. */
const fill = (template: string): string =>
  template
    .replace(/\{(\w+)\.short\}/g, (_, name: string) => (images[name] as SourceImage).short_hash)
    .replace(/\{fixture\}/g, () => fixture.url)
    .replace(/\{(\w+)\}/g, (_, name: string) => (images[name] as SourceImage).hash)

const sha256Sig = (signed: string, key: string) =>
  createHash('sha256').update(`${signed}:${key}`).digest('hex').slice(0, 16)

beforeAll(async () => {
  org = server.org
  rc = renderClient(server)
  listed = new Set(Object.keys((await server.client.operations.list()).body as object))
  fixture = await startFixtureServer(await makeJpeg(320, 240, 11), 'image/jpeg')
  const org1 = await server.client.organizations.setOption(org, 'allow_local_sources', true)
  expect(org1.body.options.allow_local_sources).toBe(true)

  images.photo = await upload(server.client, org, 'photo.jpg', await makeJpeg(600, 400, 3))
  images.alpha = await upload(server.client, org, 'alpha.png', await makePngWithAlpha(200, 100))
  images.gif = await upload(server.client, org, 'anim.gif', await makeAnimatedGif(120, 80, 3))

  const { operations, expressions } = rc
  await createStack('mystack', { operations: [operations.resize(200, 200)] })
  await createStack('stackname', { operations: [resizeTo(300)] })
  await createStack('small', { operations: [operations.resize(200, 200)] })
  await createStack('noresize', { operations: [operations.crop(200, 200)] })
  await createStack('resize', { operations: [resizeTo(100)] })
  await createStack('somestack', {
    operations: [resizeTo(100)],
    options: { remote_basepath: `${fixture.url}/`, remote_fullurl_allow: true }
  })
  await createStack('mystack_expressions', {
    operations: [operations.rotate(45), operations.resize(100, 100)],
    options: { 'jpg.quality': 77 },
    expressions: [
      expressions.default('options.dpr >= 2', { 'jpg.quality': 60, 'webp.quality': 60 })
    ]
  })
  await createStack('sized', {
    operations: [
      { name: 'resize', options: { mode: 'absolute' }, expressions: { width: '$w', height: '$h' } }
    ],
    variables: { w: 500, h: '$w / 2' }
  })
  await createStack('texty', {
    operations: [
      {
        name: 'resize',
        options: {},
        expressions: { width: "$text == 'Some & Some' ? 77 : 33" }
      }
    ],
    variables: { text: 'nothing' }
  })
  await createStack('dpr_overrides', {
    operations: [{ name: 'resize', options: {}, expressions: { width: '$w' } }],
    variables: { w: 100 },
    expressions: [
      {
        expression: 'options.dpr >= 2',
        overrides: { options: { 'optim.quality': 2 }, variables: { w: 80 } }
      } as never
    ]
  })
  await createStack('_preview_scratch', { operations: [resizeTo(50)] })

  const alias = await server.client.request(`sourceimages/${org}/alias/myalias`, 'PUT', {
    hash: images.photo.hash
  })
  expect(alias.statusCode).toBe(201)
  expect(alias.body).toMatchObject({ alias: 'myalias', hash: images.photo.hash })
})

afterAll(async () => {
  await fixture?.close()
})

interface Row {
  /** The documented example, as written in rokka-api.md. */
  doc: string
  /** The same URL for this organization (after `/render/{org}`); `{name}` is an image's hash. */
  path: string
  headers?: Record<string, string>
  /** Operations the URL uses; when one is not listed, the documented answer is a 400 naming it. */
  needs?: string[]
  status?: number
  mimetype?: string
  size?: [number, number]
  check?: (image: ImageFacts) => void
  message?: RegExp
  /** A path whose answer must be byte-identical. */
  sameAs?: string
  /** A text answer (BlurHash) instead of an image. */
  text?: RegExp
}

/** rokka's 4 × 3 component BlurHash: 28 base83 characters. */
const BLURHASH = /^L[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{27}$/

const jpeg = 'image/jpeg'
const png = 'image/png'
const webp = 'image/webp'

/** Every §5 (and §4.2/§4.3) example URL that renders an image, adapted to this organization. */
const ROWS: Row[] = [
  // §5.1 path forms
  {
    doc: '/{stack}/{hash}.{format}',
    path: '/mystack/{photo}.jpg',
    mimetype: jpeg,
    size: [200, 133]
  },
  {
    doc: '/{stack}/{hash}/{seo-filename}.{format}',
    path: '/mystack/{photo}/my-seo-filename.png',
    mimetype: png,
    size: [200, 133],
    sameAs: '/mystack/{photo}.png'
  },
  {
    doc: '/{stack}/{url-part}[/{url-part}…]/{hash}[/{seo-filename}].{format}',
    path: '/mystack/resize-width-100/o-jpg.quality-50/{photo}/seo.jpg',
    mimetype: jpeg,
    size: [100, 67]
  },
  {
    doc: '/dynamic/{operations}[/{url-part}…]/{hash}[/{seo}].{format}',
    path: '/dynamic/resize-width-300/o-jpg.quality-60/{photo}/seo.webp',
    mimetype: webp,
    size: [300, 200]
  },
  {
    doc: '{hash} = full 40-hex hash or short hash',
    path: '/mystack/{photo.short}.jpg',
    mimetype: jpeg,
    size: [200, 133],
    sameAs: '/mystack/{photo}.jpg'
  },
  {
    doc: '/hash/v1.jpg (cache buster)',
    path: '/mystack/{photo}/v1.jpg',
    mimetype: jpeg,
    sameAs: '/mystack/{photo}.jpg'
  },
  {
    doc: '/hash/name-v1.jpg (cache buster)',
    path: '/mystack/{photo}/name-v1.jpg',
    mimetype: jpeg,
    sameAs: '/mystack/{photo}.jpg'
  },
  {
    doc: '/{stack}[/…]/-{remote path}-[/{seo}].{format}: /somestack/-2017/06/Relax_sabbatical.jpg-/some-seo-string.jpg',
    path: '/somestack/-2017/06/Relax_sabbatical.jpg-/some-seo-string.jpg',
    mimetype: jpeg,
    size: [100, 75]
  },
  {
    doc: '/somestack/-https://blog.liip.ch/content/uploads/2017/06/Relax_sabbatical.jpg-/some-seo-string.jpg',
    path: '/somestack/-{fixture}/content/uploads/2017/06/Relax_sabbatical.jpg-/some-seo-string.jpg',
    mimetype: jpeg,
    size: [100, 75]
  },
  {
    doc: 'remote -some/remot-e/path.jpeg-',
    path: '/somestack/-some/remot-e/path.jpeg-.png',
    mimetype: png,
    size: [100, 75]
  },
  {
    doc: 'remote -remote/image.jpg%3Fwidth=100-',
    path: '/somestack/-remote/image.jpg%3Fwidth=100-.png',
    mimetype: png,
    size: [100, 75]
  },
  {
    doc: 'remote -some/rem-ote/image-',
    path: '/somestack/-some/rem-ote/image-/seo.webp',
    mimetype: webp,
    size: [100, 75]
  },
  {
    doc: '/resize/-_myalias_-.jpg',
    path: '/resize/-_myalias_-.jpg',
    mimetype: jpeg,
    size: [100, 67]
  },
  {
    doc: '/{stack}[/…]/-_{alias}_-[/{seo}].{format}',
    path: '/mystack/o-jpg.quality-70/-_myalias_-/seo-v3.jpg',
    mimetype: jpeg,
    size: [200, 133]
  },

  // §5.2 stack part grammar
  {
    doc: 'mystack/o-af-1',
    path: '/mystack/o-af-1/{photo}.jpg',
    headers: { accept: WEBP },
    mimetype: webp,
    size: [200, 133]
  },
  {
    doc: 'o-jpg.quality-50',
    path: '/mystack/o-jpg.quality-50/{photo}.jpg',
    mimetype: jpeg,
    size: [200, 133]
  },
  {
    doc: 'options-autoformat-true-jpg.transparency.autoformat-true',
    path: '/mystack/options-autoformat-true-jpg.transparency.autoformat-true/{alpha}.jpg',
    headers: { accept: WEBP },
    mimetype: webp,
    size: [200, 100],
    check: (image) => expect(image.hasAlpha).toBe(true)
  },
  {
    doc: 'empty parts (//) are ignored',
    path: '/mystack//o-dpr-2//{photo}.jpg',
    mimetype: jpeg,
    size: [400, 267]
  },
  {
    doc: 'empty blocks (--options) are ignored',
    path: '/mystack/--options-dpr-2/{photo}.jpg',
    mimetype: jpeg,
    size: [400, 267]
  },
  {
    doc: 'empty blocks (options--) are ignored',
    path: '/mystack/options-dpr-2--/{photo}.jpg',
    mimetype: jpeg,
    size: [400, 267]
  },
  {
    doc: 'an odd number of key/value tokens is an error',
    path: '/mystack/resize-width/{photo}.jpg',
    status: 400
  },
  {
    doc: 'an odd number of key/value tokens is an error (options)',
    path: '/mystack/o-dpr-2-autoformat/{photo}.jpg',
    status: 400
  },
  {
    doc: 'dynamic: resize-width-200-height-150--rotate-angle-90',
    path: '/dynamic/resize-width-200-height-150--rotate-angle-90/{photo}.png',
    mimetype: png,
    size: [133, 200]
  },
  {
    doc: 'resize-width-100--blur--resize-width-200/resize-width-300/ → both resizes get width 300',
    path: '/dynamic/resize-width-100--blur--resize-width-200/resize-width-300/{photo}.png',
    needs: ['blur'],
    mimetype: png,
    size: [300, 200]
  },
  {
    doc: 'resize-width-100--noop--resize-width-200/resize-width-300/ (same with a listed operation)',
    path: '/dynamic/resize-width-100--noop--resize-width-200/resize-width-300/{photo}.png',
    mimetype: png,
    size: [300, 200]
  },
  {
    doc: 'options-jpg.quality-90/options-jpg.quality-40 → 40',
    path: '/dynamic/noop/options-jpg.quality-90/options-jpg.quality-40/{photo}.jpg',
    mimetype: jpeg,
    size: [600, 400],
    sameAs: '/dynamic/noop/o-jpg.quality-40/{photo}.jpg'
  },
  {
    doc: '/{stack}/resize-width-200--options-dpr-2-autoformat-true/{hash}.{format}',
    path: '/mystack/resize-width-200--options-dpr-2-autoformat-true/{photo}.jpg',
    headers: { accept: WEBP },
    mimetype: webp,
    size: [400, 267]
  },
  {
    doc: 'dynamic/rotate-angle-45--resize-width-100-height-100/<hash>.png',
    path: '/dynamic/rotate-angle-45--resize-width-100-height-100/{photo}.png',
    mimetype: png,
    size: [100, 100],
    check: (image) => expect(image.hasAlpha).toBe(true)
  },
  {
    doc: '…/dynamic/resize-width-200/o-af-1/<hash>/bar.jpg',
    path: '/dynamic/resize-width-200/o-af-1/{photo}/bar.jpg',
    headers: { accept: WEBP },
    mimetype: webp,
    size: [200, 133]
  },
  {
    doc: 'dynamic/resize-height-200-width-200--rotate-angle-45--o-jpg.quality-80-webp.quality-80--v-w-300',
    path: '/dynamic/resize-height-200-width-200--rotate-angle-45--o-jpg.quality-80-webp.quality-80--v-w-300/{photo}.jpg',
    mimetype: jpeg,
    // 200 × 133 turned by 45° needs a square of about 235 px
    check: (image) => {
      expect(image.width).toBe(image.height)
      expect(image.width).toBeGreaterThanOrEqual(234)
      expect(image.width).toBeLessThanOrEqual(237)
    }
  },
  {
    doc: 'srcset 2x: /stackname/o-dpr-2/…',
    path: '/stackname/o-dpr-2/{photo}.jpg',
    mimetype: jpeg,
    size: [600, 400]
  },
  {
    doc: 'srcset 300w + 2x: /stackname/resize-width-150--o-dpr-2/…',
    path: '/stackname/resize-width-150--o-dpr-2/{photo}.jpg',
    mimetype: jpeg,
    size: [300, 200]
  },
  {
    doc: 'TemplateHelper dynamic/resize-width-{w}--options-autoformat-true-jpg.transparency.autoformat-true',
    path: '/dynamic/resize-width-250--options-autoformat-true-jpg.transparency.autoformat-true/{photo}.jpg',
    headers: { accept: 'image/jpeg,image/png' },
    mimetype: jpeg,
    size: [250, 167]
  },
  {
    doc: 'TemplateHelper dynamic/resize-width-{w}-height-{h}--options-autoformat-true-jpg.transparency.autoformat-true',
    path: '/dynamic/resize-width-250-height-100--options-autoformat-true-jpg.transparency.autoformat-true/{photo}.jpg',
    headers: { accept: WEBP },
    mimetype: webp,
    size: [150, 100]
  },
  {
    doc: 'TemplateHelper dynamic/resize-width-{w}-height-{h}-mode-fill--crop-width-{w}-height-{h}--options-…',
    path: '/dynamic/resize-width-120-height-120-mode-fill--crop-width-120-height-120--options-autoformat-true-jpg.transparency.autoformat-true/{photo}.jpg',
    headers: { accept: 'image/jpeg' },
    mimetype: jpeg,
    size: [120, 120]
  },
  {
    doc: 'TemplateHelper dynamic/noop--options-autoformat-true-jpg.transparency.autoformat-true (image with alpha)',
    path: '/dynamic/noop--options-autoformat-true-jpg.transparency.autoformat-true/{alpha}.jpg',
    headers: { accept: 'image/png,image/jpeg' },
    mimetype: png,
    size: [200, 100],
    check: (image) => expect(image.hasAlpha).toBe(true)
  },

  // §5.3 query parameters
  {
    doc: '?v= URL-encoded JSON stack variables',
    path: `/sized/{photo}.png?v=${encodeURIComponent('{"w":300}')}`,
    mimetype: png,
    size: [300, 150]
  },
  {
    doc: 'other query parameters are kept',
    path: '/mystack/{photo}.jpg?foo=bar&lala=hello&soso=',
    mimetype: jpeg,
    sameAs: '/mystack/{photo}.jpg'
  },

  // §5.4 output formats Darkroom writes
  { doc: '.jpg', path: '/small/{photo}.jpg', mimetype: jpeg, size: [200, 133] },
  { doc: '.jpeg', path: '/small/{photo}.jpeg', mimetype: jpeg, size: [200, 133] },
  { doc: '.png', path: '/small/{photo}.png', mimetype: png, size: [200, 133] },
  {
    doc: '.gif (animated)',
    path: '/small/{gif}.gif',
    mimetype: 'image/gif',
    size: [200, 133],
    check: (i) => expect(i.pages).toBe(3)
  },
  {
    doc: '.webp (animated)',
    path: '/small/{gif}.webp',
    mimetype: webp,
    size: [200, 133],
    check: (i) => expect(i.pages).toBe(3)
  },
  { doc: '.avif', path: '/small/{photo}.avif', mimetype: 'image/avif', size: [200, 133] },
  { doc: '.tiff', path: '/small/{photo}.tiff', mimetype: 'image/tiff', size: [200, 133] },
  {
    doc: '.blur → a BlurHash string (text) of the rendered image',
    path: '/small/{photo}.blur',
    mimetype: 'text/plain; charset=utf-8',
    text: BLURHASH
  },
  {
    doc: '.blur of a dynamic render',
    path: '/dynamic/resize-width-50--crop-width-20-height-20/{alpha}.blur',
    mimetype: 'text/plain; charset=utf-8',
    text: BLURHASH
  },

  // §5.5 dynamic rendering
  {
    doc: '/dynamic/{op1}--{op2}[--options-…][--v-…]/{hash}.{format}',
    path: '/dynamic/resize-width-100--crop-width-50-height-50--options-jpg.quality-50--v-w-1/{photo}.jpg',
    mimetype: jpeg,
    size: [50, 50]
  },

  // §5.7 content negotiation
  {
    doc: '/options-autoformat-false/ forces the URL format',
    path: '/dynamic/resize-width-100--options-autoformat-true/options-autoformat-false/{photo}.jpg',
    headers: { accept: WEBP },
    mimetype: jpeg,
    size: [100, 67]
  },

  // §5.8 render responses
  { doc: '404 unknown stack', path: '/no_such_stack/{photo}.jpg', status: 404 },
  { doc: '404 unknown image', path: `/mystack/${'f'.repeat(40)}.jpg`, status: 404 },
  { doc: '404 unknown short hash', path: '/mystack/ffffff0.jpg', status: 404 },
  { doc: '404 unknown alias', path: '/mystack/-_no_such_alias_-.jpg', status: 404 },
  {
    doc: '400 dpr without a resize operation',
    path: '/noresize/o-dpr-2/{photo}.jpg',
    status: 400,
    message: /dpr/
  },
  {
    doc: 'dpr with a crop only (dynamic) → 400',
    path: '/dynamic/crop-width-100-height-100--o-dpr-2/{photo}.jpg',
    status: 400,
    message: /dpr/
  },

  // §4.2 stack variables
  {
    doc: '/v-w-200-h-100/',
    path: '/sized/v-w-200-h-100/{photo}.png',
    mimetype: png,
    size: [200, 100]
  },
  {
    doc: 'variables- long form',
    path: '/sized/variables-w-200/{photo}.png',
    mimetype: png,
    size: [200, 100]
  },
  {
    doc: '?v={"text":"Some & Some"}',
    path: `/texty/{photo}.png?v=${encodeURIComponent('{"text":"Some & Some"}')}`,
    mimetype: png,
    size: [77, 51]
  },
  { doc: '(same stack without ?v)', path: '/texty/{photo}.png', mimetype: png, size: [33, 22] },

  // §4.3 expressions
  {
    doc: 'option value in […] is an expression',
    path: '/mystack/resize-width-[image.width*0.5]-height-[image.height]/{photo}.png',
    mimetype: png,
    size: [300, 200]
  },
  {
    doc: 'option value in %5B…%5D is an expression',
    path: '/dynamic/resize-width-%5Bimage.height%20%2F%204%5D/{photo}.png',
    mimetype: png,
    size: [100, 67]
  },
  {
    doc: 'stack expression options.dpr >= 2 (mystack_expressions)',
    path: '/mystack_expressions/o-dpr-2/{photo}.jpg',
    mimetype: jpeg,
    size: [200, 200]
  },
  {
    doc: '{"expression":"options.dpr >= 2","overrides":{"options":{"optim.quality":2},"variables":{…}}} (dpr 1)',
    path: '/dpr_overrides/{photo}.png',
    mimetype: png,
    size: [100, 67]
  },
  {
    doc: '{"expression":"options.dpr >= 2","overrides":{"options":{"optim.quality":2},"variables":{…}}} (dpr 2)',
    path: '/dpr_overrides/o-dpr-2/{photo}.png',
    mimetype: png,
    // the override sets w to 80, the dpr doubles it
    size: [160, 107]
  },
  {
    doc: 'crop-anchor-face-width-[image.detection_face.height*1.5] on an image without face data → 400',
    path: '/dynamic/crop-anchor-face-width-[image.detection_face.height*1.5]-height-50/{photo}.png',
    status: 400,
    message: /detection_face/
  },
  {
    doc: '/dynamic/options-timestamp-00:00:40/… (":" in values; a still image ignores the time)',
    path: '/dynamic/options-timestamp-00:00:40/{photo}.jpg',
    mimetype: jpeg,
    size: [600, 400]
  },
  {
    doc: 'dpr range 1.0–10.0: o-dpr-11 → 400',
    path: '/mystack/o-dpr-11/{photo}.jpg',
    status: 400,
    message: /dpr/
  },
  {
    doc: 'jpg.quality range 1–100: o-jpg.quality-0 → 400',
    path: '/mystack/o-jpg.quality-0/{photo}.jpg',
    status: 400,
    message: /jpg\.quality/
  }
]

describe('every documented render URL (rokka-api.md §4.2, §4.3, §5), adapted', () => {
  it.each(ROWS)('$doc', async (row) => {
    const rendered = await fetchPath(fill(row.path), row.headers)
    const missing = (row.needs ?? []).filter((name) => !listed.has(name))
    if (missing.length > 0) {
      expect(rendered.status, describeFailure(rendered)).toBe(400)
      expect(errorOf(rendered).message).toContain(`"${missing[0]}"`)
      return
    }
    const status = row.status ?? 200
    expect(rendered.status, describeFailure(rendered)).toBe(status)
    if (status !== 200) {
      expect(rendered.headers['content-type']).toBe('application/json')
      const error = errorOf(rendered)
      expect(error.code).toBe(status)
      if (row.message) expect(error.message).toMatch(row.message)
      return
    }
    if (row.mimetype) expect(rendered.headers['content-type']).toBe(row.mimetype)
    if (row.text) {
      expect(rendered.body.toString('utf8')).toMatch(row.text)
      return
    }
    const image = await facts(rendered.body)
    if (row.size) expect([image.width, image.height]).toEqual(row.size)
    row.check?.(image)
    if (row.sameAs) {
      const other = await fetchPath(fill(row.sameAs), row.headers)
      expect(other.status).toBe(200)
      expect(rendered.body.equals(other.body)).toBe(true)
    }
  })

  it('the remote examples fetched the paths the URLs name from the fixture server', () => {
    expect(fixture.requests).toEqual(
      expect.arrayContaining([
        '/2017/06/Relax_sabbatical.jpg',
        '/content/uploads/2017/06/Relax_sabbatical.jpg',
        '/some/remot-e/path.jpeg',
        '/remote/image.jpg?width=100',
        '/some/rem-ote/image'
      ])
    )
  })

  it('a remote image is fetched once and then rendered like an uploaded one', async () => {
    const before = fixture.requests.length
    const rendered = await fetchPath(
      '/somestack/resize-width-50/-2017/06/Relax_sabbatical.jpg-.png'
    )
    expect(rendered.status, describeFailure(rendered)).toBe(200)
    expect((await facts(rendered.body)).width).toBe(50)
    expect(fixture.requests.length).toBe(before)
  })

  it('remote images need remote_basepath or remote_fullurl_allow (+ whitelist) on the stack', async () => {
    const missing = await fetchPath('/mystack/-2017/06/Relax_sabbatical.jpg-.jpg')
    expect(missing.status).toBe(403)
    await createStack('whitelisted', {
      operations: [resizeTo(60)],
      options: {
        remote_fullurl_allow: true,
        remote_fullurl_whitelist: ['^https://images\\.example\\.org/'] as never
      }
    })
    const refused = await fetchPath(`/whitelisted/-${fixture.url}/elsewhere.jpg-.jpg`)
    expect(refused.status).toBe(403)
    // allowed, but the remote server has no such image: a client error that names the URL
    const absent = await fetchPath(`/somestack/-${fixture.url}/missing.jpg-.jpg`)
    expect([400, 404]).toContain(absent.status)
    expect(errorOf(absent).message).toContain(`${fixture.url}/missing.jpg`)
  })

  it('_preview stacks are never cached; others are immutable for a year', async () => {
    const preview = await fetchPath(fill('/_preview_scratch/{photo}.png'))
    expect(preview.status).toBe(200)
    expect(preview.headers['cache-control']).toMatch(/no-store|no-cache/)
    const normal = await fetchPath(fill('/mystack/{photo}.png'))
    expect(normal.headers['cache-control']).toMatch(/max-age=31536000/)
  })

  it('the BlurHash of a single-colour image carries that colour as its DC component', async () => {
    const solid = await sharp({
      create: { width: 90, height: 60, channels: 3, background: '#ff0000' }
    })
      .png()
      .toBuffer()
    const red = await upload(server.client, org, 'red.png', solid)
    const rendered = await fetchPath(`/dynamic/resize-width-30/${red.hash}.blur`)
    expect(rendered.status, describeFailure(rendered)).toBe(200)
    const hash = rendered.body.toString('utf8')
    expect(hash).toMatch(BLURHASH)
    // base83 of 0xFF0000 in four digits
    expect(hash.slice(2, 6)).toBe('TI:j')
    // other images, other hashes
    expect(
      (await fetchPath(fill('/dynamic/resize-width-30/{photo}.blur'))).body.toString()
    ).not.toBe(hash)
  })

  it('formats Darkroom cannot write are refused with a 400 that names them', async () => {
    for (const extension of ['heic', 'heif', 'jp2', 'svg', 'mp4', 'webm', 'm3u8']) {
      const rendered = await fetchPath(fill(`/mystack/{photo}.${extension}`))
      expect(rendered.status, extension).toBe(400)
      expect(errorOf(rendered).message, extension).toContain(`.${extension}`)
    }
    const unknown = await fetchPath(fill('/mystack/{photo}.bmpx'))
    expect(unknown.status).toBe(400)
  })

  it('an unknown organization is a 404, by path and by host', async () => {
    const byPath = await get(server, fill(`${server.url}/render/no-such-org/mystack/{photo}.jpg`))
    expect(byPath.status).toBe(404)
    const byHost = await get(server, fill('http://no-such-org.localhost/mystack/{photo}.jpg'))
    expect(byHost.status).toBe(404)
  })

  it('§4.3 image properties in expressions: format, isAnimated, hash, entropy, meta_user', async () => {
    await createStack('by_properties', {
      operations: [
        {
          name: 'resize',
          options: {},
          expressions: {
            width:
              "(image.format == 'jpg' || image.format == 'jpeg' ? 100 : 50) + " +
              '(image.isAnimated ? 7 : 0) + (image.entropy > 0 ? 1 : 0) + ' +
              "(image.hash == '' ? 1000 : 0) + (image.meta_user.extra ?? 0)"
          }
        }
      ]
    })
    const widthOf = async (hash: string) => {
      const rendered = await fetchPath(`/by_properties/${hash}.png`)
      expect(rendered.status, describeFailure(rendered)).toBe(200)
      return (await facts(rendered.body)).width
    }
    expect(await widthOf(images.photo?.hash as string)).toBe(101)
    // single-colour frames: entropy 0
    expect(await widthOf(images.gif?.hash as string)).toBe(57)
    const tagged = await upload(server.client, org, 'tagged.jpg', await makeJpeg(300, 200, 61))
    await server.client.sourceimages.meta.add(org, tagged.hash, { 'int:extra': 20 })
    expect(await widthOf(tagged.hash)).toBe(121)
  })

  it('a deleted image renders 404', async () => {
    const gone = await upload(server.client, org, 'gone.jpg', await makeJpeg(50, 40, 21))
    expect((await fetchPath(`/mystack/${gone.hash}.jpg`)).status).toBe(200)
    await server.client.sourceimages.delete(org, gone.hash)
    const rendered = await fetchPath(`/mystack/${gone.hash}.jpg`)
    expect(rendered.status).toBe(404)
  })

  it('render_org_fallback finds images of the fallback organization (not its stacks)', async () => {
    await server.client.organizations.create('fallback-src', 'fb@example.org', 'Fallback')
    const foreign = await upload(
      server.client,
      'fallback-src',
      'foreign.jpg',
      await makeJpeg(90, 60, 31)
    )
    expect((await fetchPath(`/mystack/${foreign.hash}.jpg`)).status).toBe(404)
    await server.client.organizations.setOption(org, 'render_org_fallback', 'fallback-src')
    const rendered = await fetchPath(`/mystack/${foreign.hash}.jpg`)
    expect(rendered.status, describeFailure(rendered)).toBe(200)
    expect((await facts(rendered.body)).width).toBe(200)
  })

  it('§4.3 best-practice anchor expression and a subject area in an expression', async () => {
    await createStack('best_practice', {
      operations: [
        { name: 'resize', options: { width: 200, height: 200, mode: 'fill' } },
        {
          name: 'crop',
          options: { width: 200, height: 200 },
          expressions: {
            anchor: "$a === 'notset' ? (image.hasSubjectArea ? 'auto' : 'smart') : $a"
          }
        }
      ],
      variables: { a: 'notset' }
    })
    const smart = await fetchPath(fill('/best_practice/{photo}.png'))
    expect(smart.status, describeFailure(smart)).toBe(200)
    expect(await facts(smart.body)).toMatchObject({ width: 200, height: 200 })
    const set = await fetchPath(fill('/best_practice/v-a-left_top/{photo}.png'))
    expect(set.status, describeFailure(set)).toBe(200)

    const withArea = await server.client.sourceimages.setSubjectArea(
      org,
      images.photo?.hash as string,
      { x: 400, y: 100, width: 100, height: 80 },
      { deletePrevious: false }
    )
    const areaHash = (withArea.body as SourceImage).hash
    const rendered = await fetchPath(
      `/dynamic/crop-anchor-subjectarea-width-[image.subject_area.width*1.5]-height-[image.subject_area.height]/${areaHash}.png`
    )
    expect(rendered.status, describeFailure(rendered)).toBe(200)
    expect(await facts(rendered.body)).toMatchObject({ width: 150, height: 80 })
  })

  it('§3.1/§4.3 enabled as an expression, and atan/rad2deg in an expression', async () => {
    await createStack('maybe', {
      operations: [
        { name: 'resize', options: { width: 50 }, expressions: { enabled: 'image.width > 1000' } }
      ]
    })
    const skipped = await fetchPath(fill('/maybe/{photo}.png'))
    expect(await facts(skipped.body)).toMatchObject({ width: 600, height: 400 })
    await createStack('tilted', {
      operations: [
        {
          name: 'rotate',
          options: {},
          expressions: { angle: 'rad2deg(atan(image.height / image.width))' }
        }
      ]
    })
    const tilted = await fetchPath(fill('/tilted/{photo}.png'))
    expect(tilted.status, describeFailure(tilted)).toBe(200)
    const { width, height } = await facts(tilted.body)
    // 33.69°: 600 cos + 400 sin ≈ 721, 600 sin + 400 cos ≈ 666
    expect(Math.abs((width as number) - 721)).toBeLessThanOrEqual(2)
    expect(Math.abs((height as number) - 666)).toBeLessThanOrEqual(2)
  })
})

describe('§5.9 signed URLs on a protected dynamic stack (protect_dynamic_stack)', () => {
  const signedOrg = 'signed-org'
  let key: string
  let hash: string
  /** `http://signed-org.localhost` + path: the signed string is exactly the path, as in the docs. */
  const hostUrl = (path: string) => `http://${signedOrg}.localhost${path}`

  beforeAll(async () => {
    await server.client.organizations.create(signedOrg, 'signed@example.org', 'Signed')
    const image = await upload(server.client, signedOrg, 'c1b110.jpg', await makeJpeg(160, 120, 41))
    hash = image.short_hash
    await server.client.organizations.setOption(signedOrg, 'protect_dynamic_stack', true)
    key = (await server.client.organizations.get(signedOrg)).body.signing_keys[0].key as string
  })

  it('the test signer reproduces the documented vectors', () => {
    const docKey = 'OCOuisGe30QyocYkQN1SPErGGKunyuhZ'
    expect(sha256Sig('/dynamic/c1b110.jpg', docKey)).toBe('62e7a9ccd3dea053')
    expect(sha256Sig('/dynamic/c1b110.jpg?v=%7B%22a%22%3A%22b%22%7D', docKey)).toBe(
      '9259f07089f76a05'
    )
    expect(sha256Sig('/dynamic/abcdef.jpg', 'abcdef')).toBe('b7789b71b470e458')
  })

  const vectors = [
    '/dynamic/{h}.jpg',
    '/dynamic/{h}.jpg?sigopts=%7B%22until%22%3A%222050-02-08T07%3A05%3A00.000Z%22%7D',
    '/dynamic/{h}.jpg?v=%7B%22a%22%3A%22b%22%7D',
    '/dynamic/{h}.jpg?foo=bar&lala=hello&soso=',
    '/dynamic/{h}.jpg?sigopts=%7B%22until%22%3A%222050-02-08T08%3A05%3A00%2B00%3A00%22%7D',
    '/dynamic/{h}.jpg?v=%7B%22a%22:%22b%22%7D',
    '/dynamic/{h}.jpg?foo=bar&lala=hello&soso',
    '/dynamic/{h}/seo-name.jpg'
  ]

  it.each(vectors)('%s: 403 unsigned, 200 signed, 403 with a wrong sig', async (template) => {
    const path = template.replace('{h}', hash)
    const unsigned = await get(server, hostUrl(path))
    expect(unsigned.status).toBe(403)
    const sig = sha256Sig(path, key)
    const signed = `${path}${path.includes('?') ? '&' : '?'}sig=${sig}`
    const ok = await get(server, hostUrl(signed))
    expect(ok.status, describeFailure(ok)).toBe(200)
    expect(ok.headers['content-type']).toBe('image/jpeg')
    expect(await facts(ok.body)).toMatchObject({ width: 160, height: 120 })
    const wrong = signed.replace(/sig=[0-9a-f]{16}$/, `sig=${sig.split('').reverse().join('')}`)
    expect((await get(server, hostUrl(wrong))).status).toBe(403)
  })

  it('an expired until is refused; sig must be the last parameter', async () => {
    const past = `/dynamic/${hash}.jpg?sigopts=${encodeURIComponent('{"until":"2001-02-08T07:05:00.000Z"}')}`
    const expired = await get(server, hostUrl(`${past}&sig=${sha256Sig(past, key)}`))
    expect(expired.status).toBe(403)
    const path = `/dynamic/${hash}.jpg`
    const misplaced = await get(server, hostUrl(`${path}?sig=${sha256Sig(path, key)}&foo=bar`))
    expect(misplaced.status).toBe(400)
  })

  it('rokka.js signUrl on the path-addressed host works as well', async () => {
    const url = rc.render.getUrl(signedOrg, hash, 'jpg', [resizeTo(80)], { filename: 'foo' })
    expect((await get(server, url)).status).toBe(403)
    const signed = await get(server, rc.render.signUrl(url, key))
    expect(signed.status, describeFailure(signed)).toBe(200)
    expect((await facts(signed.body)).width).toBe(80)
  })
})

/** rokka's operations (2019 schema plus the later docs-only ones). */
const ROKKA_OPERATIONS = [
  'resize',
  'rotate',
  'autorotate',
  'dropshadow',
  'trim',
  'noop',
  'crop',
  'composition',
  'blur',
  'primitive',
  'grayscale',
  'sepia',
  'modulate',
  'alpha',
  'glitch',
  'addframes',
  'circlemask',
  'face',
  'multiply',
  'sharpen',
  'svg2bitmap',
  'svgdynamic',
  'text'
]

const FONT_ROOTS = [
  '/usr/share/fonts',
  '/usr/local/share/fonts',
  '/Library/Fonts',
  'C:\\Windows\\Fonts'
]

const findFont = async (dir: string): Promise<string | undefined> => {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const nested = await findFont(path)
      if (nested) return nested
    } else if (/\.ttf$/i.test(entry.name)) return path
  }
  return undefined
}

interface OperationCase {
  /** Which source image: photo 600×400 JPEG, alpha 200×100 PNG, bordered 100×80 PNG, rotated EXIF-6 300×200 JPEG, svg 104×97. */
  source: 'photo' | 'alpha' | 'bordered' | 'exif6' | 'svg'
  options: () => Promise<Record<string, unknown>> | Record<string, unknown>
  format: 'png' | 'jpg'
  check: (image: ImageFacts, body: Buffer) => Promise<void> | void
}

const sameSize = (width: number, height: number) => (image: ImageFacts) =>
  expect([image.width, image.height]).toEqual([width, height])

const CASES: Record<string, OperationCase> = {
  resize: {
    source: 'photo',
    options: () => ({ width: 100, height: 100 }),
    format: 'png',
    check: sameSize(100, 67)
  },
  rotate: {
    source: 'photo',
    options: () => ({ angle: 90 }),
    format: 'png',
    check: sameSize(400, 600)
  },
  autorotate: { source: 'exif6', options: () => ({}), format: 'png', check: sameSize(200, 300) },
  dropshadow: {
    source: 'alpha',
    options: () => ({ horizontal: 10, vertical: 10, sigma: 2, opacity: 80 }),
    format: 'png',
    check: (image) => {
      expect(image.width).toBeGreaterThanOrEqual(200)
      expect(image.height).toBeGreaterThanOrEqual(100)
      expect(image.hasAlpha).toBe(true)
    }
  },
  trim: { source: 'bordered', options: () => ({}), format: 'png', check: sameSize(40, 20) },
  noop: { source: 'photo', options: () => ({}), format: 'png', check: sameSize(600, 400) },
  crop: {
    source: 'photo',
    options: () => ({ width: 100, height: 50 }),
    format: 'png',
    check: sameSize(100, 50)
  },
  composition: {
    source: 'photo',
    options: () => ({ mode: 'foreground', width: 800, height: 500, secondary_color: 'ff0000' }),
    format: 'png',
    check: sameSize(800, 500)
  },
  blur: {
    source: 'photo',
    options: () => ({ sigma: 3 }),
    format: 'png',
    check: sameSize(600, 400)
  },
  primitive: {
    source: 'alpha',
    options: () => ({ count: 5 }),
    format: 'png',
    check: sameSize(200, 100)
  },
  grayscale: {
    source: 'photo',
    options: () => ({}),
    format: 'png',
    check: async (image, body) => {
      sameSize(600, 400)(image)
      const { data, info } = await sharp(body)
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true })
      for (let i = 0; i < 300 * info.channels; i += info.channels) {
        expect(data[i]).toBe(data[i + 1])
        expect(data[i + 1]).toBe(data[i + 2])
      }
    }
  },
  sepia: { source: 'photo', options: () => ({}), format: 'png', check: sameSize(600, 400) },
  modulate: {
    source: 'photo',
    options: () => ({ brightness: 120, saturation: 50, hue: 90 }),
    format: 'png',
    check: sameSize(600, 400)
  },
  alpha: {
    source: 'alpha',
    options: () => ({ mode: 'mask' }),
    format: 'png',
    check: sameSize(200, 100)
  },
  glitch: {
    source: 'photo',
    options: () => ({ amount: 3, random: 'seed' }),
    format: 'png',
    check: sameSize(600, 400)
  },
  addframes: {
    source: 'photo',
    options: () => ({ delay: 10 }),
    format: 'png',
    check: sameSize(600, 400)
  },
  circlemask: {
    source: 'photo',
    options: () => ({}),
    format: 'png',
    check: (image) => {
      sameSize(600, 400)(image)
      expect(image.hasAlpha).toBe(true)
    }
  },
  face: {
    source: 'photo',
    options: () => ({
      secondary_image: images.alpha?.hash,
      leftFeature: 'eyeLeft',
      rightFeature: 'eyeRight'
    }),
    format: 'png',
    check: sameSize(600, 400)
  },
  multiply: {
    source: 'photo',
    options: () => ({ factor: 0.5 }),
    format: 'png',
    check: sameSize(600, 400)
  },
  sharpen: { source: 'photo', options: () => ({}), format: 'png', check: sameSize(600, 400) },
  svg2bitmap: { source: 'svg', options: () => ({}), format: 'png', check: sameSize(104, 97) },
  svgdynamic: {
    source: 'svg',
    options: () => ({ changes: [{ id: 'dot', attr: 'fill', value: '#f00' }] }),
    format: 'png',
    check: sameSize(104, 97)
  },
  text: {
    source: 'photo',
    options: async () => {
      const roots = await Promise.all(FONT_ROOTS.map(findFont))
      const file = roots.find((path) => path !== undefined)
      if (!file)
        throw new Error(
          `the text operation is listed, but no .ttf font under ${FONT_ROOTS.join(', ')}`
        )
      const font = await upload(server.client, org, 'font.ttf', await readFile(file))
      return { font: font.hash, text: 'Darkroom', size: 40, color: 'ffffff' }
    },
    format: 'png',
    check: sameSize(600, 400)
  }
}

describe('operations: rendered when GET /operations lists them, refused (400) when not', () => {
  beforeAll(async () => {
    const border = await sharp({
      create: { width: 100, height: 80, channels: 3, background: '#ffffff' }
    })
      .composite([
        {
          input: await sharp({
            create: { width: 40, height: 20, channels: 3, background: '#d02020' }
          })
            .png()
            .toBuffer(),
          left: 30,
          top: 30
        }
      ])
      .png()
      .toBuffer()
    images.bordered = await upload(server.client, org, 'bordered.png', border)
    const exif6 = await sharp(await makeJpeg(300, 200, 51))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer()
    images.exif6 = await upload(server.client, org, 'exif6.jpg', exif6)
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="104" height="97" viewBox="0 0 104 97">' +
      '<rect width="104" height="97" fill="#3a7"/><circle id="dot" cx="52" cy="48" r="30" fill="#fff"/></svg>\n'
    images.svg = await upload(server.client, org, 'drawing.svg', Buffer.from(svg))
  })

  it('lists only operations rokka has, with their schemas', () => {
    expect(listed.size).toBeGreaterThan(0)
    for (const name of listed) expect(ROKKA_OPERATIONS, name).toContain(name)
    for (const name of ['resize', 'crop', 'noop']) expect(listed.has(name), name).toBe(true)
  })

  it.each(ROKKA_OPERATIONS)('%s', async (name) => {
    const spec = CASES[name] as OperationCase
    const stackName = `op_${name}`
    if (!listed.has(name)) {
      const error = await server.client.stacks
        .create(org, stackName, { operations: [{ name, options: {} }] })
        .then(
          () => undefined,
          (failure: { statusCode: number; body: { message: string } }) => failure
        )
      expect(error?.statusCode, `${name} is not listed, so a stack using it must be refused`).toBe(
        400
      )
      expect(error?.body.message).toContain(`"${name}"`)
      const dynamic = await fetchPath(fill(`/dynamic/${name}/{photo}.png`))
      expect(dynamic.status).toBe(400)
      expect(errorOf(dynamic).message).toContain(`"${name}"`)
      return
    }
    // rokka.js types option values as scalars; svgdynamic's `changes` is an array
    const options = (await spec.options()) as Record<string, string | number | boolean>
    await createStack(stackName, { operations: [{ name, options }] })
    const url = rc.render.getUrl(
      org,
      (images[spec.source] as SourceImage).hash,
      spec.format,
      stackName
    )
    const rendered = await get(server, url)
    expect(rendered.status, describeFailure(rendered)).toBe(200)
    expect(rendered.headers['content-type']).toBe(spec.format === 'png' ? png : jpeg)
    await spec.check(await facts(rendered.body), rendered.body)
  })
})
