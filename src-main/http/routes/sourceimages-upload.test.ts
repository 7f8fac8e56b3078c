import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, multipartBody, type TestApp } from '../../testing/test-app'

let t: TestApp
let jpeg: Buffer
const LIMIT = 2_000_000

beforeAll(async () => {
  t = await createTestApp({ maxUploadBytes: LIMIT })
  jpeg = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg()
    .toBuffer()
})
afterAll(async () => t.close())

const upload = (parts: Parameters<typeof multipartBody>[0]) => {
  const { body, contentType } = multipartBody(parts)
  return t.app.inject({
    method: 'POST',
    url: '/sourceimages/local',
    headers: { 'api-key': t.apiKey, 'content-type': contentType },
    payload: body
  })
}

const countFiles = async (dir: string): Promise<number> => {
  let n = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? await countFiles(join(dir, entry.name)) : 1
  }
  return n
}
const storeState = async () => ({
  rows: (t.services.db.prepare('SELECT count(*) AS n FROM source_images').get() as { n: number }).n,
  objects: await countFiles(join(t.dataDir, 'blobs', 'objects')),
  temp: await countFiles(join(t.dataDir, 'blobs', 'tmp'))
})

describe('POST /sourceimages/{org}', () => {
  it('stores an image with its metadata, double-encoded as rokka.js sends it', async () => {
    const res = await upload([
      { name: 'filedata', filename: 'photo.jpg', data: jpeg, type: 'image/jpeg' },
      { name: 'meta_user[0]', value: JSON.stringify(JSON.stringify({ title: 'Dune', 'int:year': 2024 })) },
      { name: 'meta_dynamic[0][subject_area]', value: '{"x":10,"y":20,"width":30,"height":40}' }
    ])
    expect(res.statusCode).toBe(201)
    const item = res.json().items[0]
    expect(item).toMatchObject({
      name: 'photo.jpg',
      format: 'jpg',
      mimetype: 'image/jpeg',
      width: 320,
      height: 200,
      size: jpeg.length,
      binary_hash: createHash('sha1').update(jpeg).digest('hex'),
      user_metadata: { title: 'Dune', 'int:year': 2024 },
      dynamic_metadata: { subject_area: { x: 10, y: 20, width: 30, height: 40 } }
    })
    expect(item.hash).not.toBe(item.binary_hash)
    expect(item.hash.startsWith(item.short_hash)).toBe(true)
  })

  it('gives the same bytes the same hash and keeps one object', async () => {
    const first = (await upload([{ name: 'filedata', filename: 'a.jpg', data: jpeg }])).json().items[0]
    const before = await storeState()
    const again = (await upload([{ name: 'filedata', filename: 'b.jpg', data: jpeg }])).json().items[0]
    expect(again.hash).toBe(first.hash)
    expect(await storeState()).toEqual(before)
  })

  const rejects: [string, () => Promise<Buffer>, RegExp][] = [
    ['an empty file', async () => Buffer.alloc(0), /^The file is empty\.$/],
    ['random bytes named .jpg', async () => Buffer.from('not an image at all, just text'), /not an image Darkroom can read/],
    ['a JPEG cut in half', async () => jpeg.subarray(0, jpeg.length >> 1), /JPEG/],
    ['a HEIC file', async () => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(16)]), /^The HEIC file is truncated or damaged/],
    [
      'a PNG declaring 20000×20000',
      async () => {
        const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).png().toBuffer()
        png.writeUInt32BE(20000, 16)
        png.writeUInt32BE(20000, 20)
        return png
      },
      /megapixel|too large|pixels/i
    ]
  ]
  it.each(rejects)('answers 400 for %s and stores nothing', async (_label, make, message) => {
    const before = await storeState()
    const res = await upload([{ name: 'filedata', filename: 'x.jpg', data: await make(), type: 'image/jpeg' }])
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(message)
    expect(await storeState()).toEqual(before)
  })

  it('answers 413 past the size limit and leaves no partial file', async () => {
    const before = await storeState()
    const res = await upload([{ name: 'filedata', filename: 'big.jpg', data: Buffer.alloc(LIMIT + 10, 1) }])
    expect(res.statusCode).toBe(413)
    expect(res.json().message).toMatch(/larger than the limit of 2 MB/)
    expect(await storeState()).toEqual(before)
  })

  it('refuses a request of several files that fit one by one but not together, saying to send them apart', async () => {
    const before = await storeState()
    const part = (seed: number) => ({ name: 'filedata', filename: `part-${seed}.jpg`, data: Buffer.alloc(1_600_000, seed) })
    const res = await upload([part(1), part(2)])
    expect(res.statusCode).toBe(413)
    expect(res.json().message).toMatch(
      /^This upload request is 3\.3 MB; one request may carry at most 3 MB \(each image up to 2 MB\)\. Send large images in separate requests\.$/
    )
    expect(await storeState()).toEqual(before)
  })

  it('stores nothing of a request whose second file is bad', async () => {
    const other = await sharp(jpeg).flip().jpeg().toBuffer()
    const before = await storeState()
    const res = await upload([
      { name: 'filedata', filename: 'good.jpg', data: other },
      { name: 'filedata', filename: 'bad.jpg', data: Buffer.from('garbage') }
    ])
    expect(res.statusCode).toBe(400)
    expect(await storeState()).toEqual(before)
  })

  it('answers 400 for metadata that is not JSON', async () => {
    const res = await upload([
      { name: 'filedata', filename: 'a.jpg', data: jpeg },
      { name: 'meta_user[0]', value: '{not json' }
    ])
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('The upload field meta_user[0] is not valid JSON.')
  })

  it('answers 400 for a multipart body without its boundary', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sourceimages/local',
      headers: { 'api-key': t.apiKey, 'content-type': 'multipart/form-data' },
      payload: 'whatever'
    })
    expect(res.statusCode).toBe(400)
  })

  it('answers 400 for an upload with no file', async () => {
    const res = await upload([{ name: 'meta_user[0]', value: '{}' }])
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toMatch(/holds no file/)
  })

  it('needs a role in the organization', async () => {
    const { body, contentType } = multipartBody([{ name: 'filedata', filename: 'a.jpg', data: jpeg }])
    const res = await t.app.inject({
      method: 'POST',
      url: '/sourceimages/someone-else',
      headers: { 'api-key': t.apiKey, 'content-type': contentType },
      payload: body
    })
    expect(res.statusCode).toBe(403)
  })
})
