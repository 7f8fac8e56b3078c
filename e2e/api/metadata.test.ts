import { beforeAll, describe, expect, it } from 'vitest'
import type { SourceImage } from '../../src-shared/api/sourceimages'
import { makeJpeg, makePngWithAlpha } from './images'
import { failure, sha1, useApiServer } from './server'

const server = useApiServer()

const upload = async (name: string, bytes: Buffer, metadata: object | null = null) => {
  const res = await server.client.sourceimages.create(server.org, name, bytes, metadata)
  expect(res.statusCode).toBe(201)
  return res.body.items[0] as SourceImage
}

const getImage = async (hash: string) =>
  (await server.client.sourceimages.get(server.org, hash)).body as SourceImage

describe('metadata sent with sourceimages.create (double-encoded by rokka.js)', () => {
  it('round-trips user metadata of every type and dynamic metadata', async () => {
    const bytes = await makeJpeg(200, 150, 1)
    const userMetadata = {
      title: 'Sunset "over" the lake',
      'int:year': 2024,
      'double:rating': 4.5,
      'array:tags': ['sun', 'lake'],
      'date:taken': '2024-06-01T18:30:00Z',
      'latlon:where': '47.38,8.52',
      'text:caption': 'A long walk by the water'
    }
    const subjectArea = { x: 10, y: 20, width: 30, height: 40 }
    const image = await upload('meta.jpg', bytes, {
      meta_user: userMetadata,
      meta_dynamic: { subject_area: subjectArea }
    })
    expect(image.binary_hash).toBe(sha1(bytes))
    expect(image.user_metadata).toEqual(userMetadata)
    expect(image.dynamic_metadata).toEqual({ subject_area: subjectArea })

    const stored = await getImage(image.hash)
    expect(stored.user_metadata).toEqual(userMetadata)
    expect(stored.dynamic_metadata).toEqual({ subject_area: subjectArea })

    const meta = await server.client.sourceimages.meta.get(server.org, image.hash)
    expect(meta.statusCode).toBe(200)
    expect(meta.body).toEqual(userMetadata)

    // the same bytes without the subject area are a different image with its own hash
    const plain = await upload('meta.jpg', bytes)
    expect(plain.hash).not.toBe(image.hash)
    expect(plain.binary_hash).toBe(image.binary_hash)
    expect(plain).not.toHaveProperty('dynamic_metadata')
  })

  it('leaves user_metadata and dynamic_metadata out when there are none', async () => {
    const image = await upload('bare.png', await makePngWithAlpha(20, 20))
    expect(image).not.toHaveProperty('user_metadata')
    expect(image).not.toHaveProperty('dynamic_metadata')
    const meta = await server.client.sourceimages.meta.get(server.org, image.hash)
    expect(meta.body).toEqual({})
  })

  it('finds images by user metadata', async () => {
    const image = await upload('findable.jpg', await makeJpeg(30, 30, 2), {
      meta_user: { 'int:shelf': 42, album: 'holidays' }
    })
    const byInt = await server.client.sourceimages.list(server.org, {
      search: { 'user:int:shelf': '42' }
    })
    expect(byInt.body.items.map((item) => item.hash)).toEqual([image.hash])
    const byString = await server.client.sourceimages.list(server.org, {
      search: { 'user:album': 'holidays' }
    })
    expect(byString.body.items.map((item) => item.hash)).toEqual([image.hash])
    const none = await server.client.sourceimages.list(server.org, {
      search: { 'user:int:shelf': '43' }
    })
    expect(none.body.total).toBe(0)
  })

  it('counts user metadata values with facets', async () => {
    await upload('facet-1.jpg', await makeJpeg(16, 16, 5), {
      meta_user: { 'array:labels': ['mountain', 'lake'], kind: 'facet-test' }
    })
    await upload('facet-2.jpg', await makeJpeg(16, 16, 6), {
      meta_user: { 'array:labels': ['mountain'], kind: 'facet-test' }
    })
    const res = await server.client.sourceimages.list(server.org, {
      limit: 0,
      facets: 'user:array:labels',
      search: { 'user:kind': 'facet-test' }
    })
    expect(res.body.total).toBe(2)
    expect(res.body.items).toEqual([])
    const facets = (res.body as { facets?: Record<string, { value: string; count: number }[]> })
      .facets
    expect(facets?.['user:array:labels']).toHaveLength(2)
    expect(facets?.['user:array:labels']).toEqual(
      expect.arrayContaining([
        { value: 'mountain', count: 2 },
        { value: 'lake', count: 1 }
      ])
    )
  })
})

describe('sourceimages.meta (user metadata: hash unchanged)', () => {
  let image: SourceImage

  beforeAll(async () => {
    image = await upload('user-meta.jpg', await makeJpeg(64, 64, 3), {
      meta_user: { start: 'here' }
    })
  })

  it('set writes one field, sent unquoted by rokka.js (204)', async () => {
    const { meta } = server.client.sourceimages
    const res = await meta.set(server.org, image.hash, 'somefield', 'somevalue')
    expect(res.statusCode).toBe(204)
    await meta.set(server.org, image.hash, 'int:count', 7)
    await meta.set(server.org, image.hash, 'array:colours', ['red', 'green'])
    const stored = await meta.get(server.org, image.hash)
    expect(stored.body).toEqual({
      start: 'here',
      somefield: 'somevalue',
      'int:count': 7,
      'array:colours': ['red', 'green']
    })
    expect((await getImage(image.hash)).hash).toBe(image.hash)
  })

  it('add (PATCH) merges fields and deletes the ones set to null (204)', async () => {
    const { meta } = server.client.sourceimages
    const res = await meta.add(server.org, image.hash, {
      somefield: 'othervalue',
      'int:some_number': 0,
      delete_this: 'soon'
    })
    expect(res.statusCode).toBe(204)
    await meta.add(server.org, image.hash, { delete_this: null, 'int:another_number': 23 })
    const stored = await meta.get(server.org, image.hash)
    expect(stored.body).toEqual({
      start: 'here',
      somefield: 'othervalue',
      'int:count': 7,
      'array:colours': ['red', 'green'],
      'int:some_number': 0,
      'int:another_number': 23
    })
  })

  it('replace (PUT) drops every field not in the body (204)', async () => {
    const { meta } = server.client.sourceimages
    const res = await meta.replace(server.org, image.hash, { only: 'this', 'double:ratio': 1.5 })
    expect(res.statusCode).toBe(204)
    expect((await meta.get(server.org, image.hash)).body).toEqual({
      only: 'this',
      'double:ratio': 1.5
    })
    expect((await getImage(image.hash)).user_metadata).toEqual({
      only: 'this',
      'double:ratio': 1.5
    })
  })

  it('delete removes one field (204), or all of them; a missing field is 404', async () => {
    const { meta } = server.client.sourceimages
    const one = await meta.delete(server.org, image.hash, 'double:ratio')
    expect(one.statusCode).toBe(204)
    expect((await meta.get(server.org, image.hash)).body).toEqual({ only: 'this' })
    await failure(meta.delete(server.org, image.hash, 'double:ratio'), 404)

    const all = await meta.delete(server.org, image.hash)
    expect(all.statusCode).toBe(204)
    expect((await meta.get(server.org, image.hash)).body).toEqual({})
    expect(await getImage(image.hash)).not.toHaveProperty('user_metadata')
  })

  it('refuses invalid field names and values with 400, and unknown images with 404', async () => {
    const { meta } = server.client.sourceimages
    await failure(meta.add(server.org, image.hash, { 'Not Valid!': 'x' }), 400)
    await failure(meta.add(server.org, image.hash, { 'int:count': 'seven' }), 400)
    await failure(meta.get(server.org, 'f'.repeat(40)), 404)
    await failure(meta.set(server.org, 'f'.repeat(40), 'a', 'b'), 404)
  })
})

describe('dynamic metadata (hash changes)', () => {
  let original: SourceImage

  beforeAll(async () => {
    original = await upload('dynamic.jpg', await makeJpeg(400, 300, 4), {
      meta_user: { keep: 'me' }
    })
  })

  it('setSubjectArea answers 201 with a new hash, same binary, and the user metadata carried over', async () => {
    const { client, org } = server
    const area = { x: 100, y: 100, width: 50, height: 50 }
    const res = await client.sourceimages.setSubjectArea(org, original.hash, area)
    expect(res.statusCode).toBe(201)
    const moved = res.body as SourceImage
    expect(moved.hash).not.toBe(original.hash)
    expect(moved.binary_hash).toBe(original.binary_hash)
    expect(moved.dynamic_metadata).toEqual({ subject_area: area })
    expect(moved.user_metadata).toEqual({ keep: 'me' })
    expect(moved.hash.startsWith(moved.short_hash)).toBe(true)
    expect(res.response.headers.get('location')).toBe(`/sourceimages/${org}/${moved.hash}`)
    // deletePrevious=false keeps the original
    expect((await getImage(original.hash)).hash).toBe(original.hash)

    // the same area again changes nothing (204); removing it returns to the earlier hash
    const same = await client.sourceimages.setSubjectArea(org, moved.hash, area)
    expect(same.statusCode).toBe(204)
    const removed = await client.sourceimages.removeSubjectArea(org, moved.hash)
    expect(removed.statusCode).toBe(201)
    expect(removed.body.hash).toBe(original.hash)
    expect(removed.body).not.toHaveProperty('dynamic_metadata')
  })

  it('is deterministic: the same area on the same binary gives the same hash again', async () => {
    const { client, org } = server
    const area = { x: 120, y: 120, width: 40, height: 40 }
    const first = await client.sourceimages.setSubjectArea(org, original.hash, area)
    const back = await client.sourceimages.removeSubjectArea(org, first.body.hash, {
      deletePrevious: true
    })
    expect(back.body.hash).toBe(original.hash)
    await failure(client.sourceimages.get(org, first.body.hash), 404)
    const second = await client.sourceimages.setSubjectArea(org, original.hash, area)
    expect(second.body.hash).toBe(first.body.hash)
  })

  it('setSubjectArea with deletePrevious deletes the hash it came from', async () => {
    const { client, org } = server
    const first = await client.sourceimages.setSubjectArea(org, original.hash, {
      x: 1,
      y: 1,
      width: 5,
      height: 5
    })
    const second = await client.sourceimages.setSubjectArea(
      org,
      first.body.hash,
      { x: 2, y: 2, width: 6, height: 6 },
      { deletePrevious: true }
    )
    expect(second.statusCode).toBe(201)
    expect(second.body.hash).not.toBe(first.body.hash)
    expect(second.body.dynamic_metadata).toEqual({
      subject_area: { x: 2, y: 2, width: 6, height: 6 }
    })
    await failure(client.sourceimages.get(org, first.body.hash), 404)
    expect((await getImage(original.hash)).hash).toBe(original.hash)
  })

  it('addDynamicMetaData / deleteDynamicMetaData (deletePrevious sent in the body by rokka.js)', async () => {
    const { client, org } = server
    const added = await client.sourceimages.addDynamicMetaData(org, original.hash, 'version', {
      text: 'v2'
    })
    expect(added.statusCode).toBe(201)
    expect(added.body.dynamic_metadata).toEqual({ version: { text: 'v2' } })
    expect(added.body.hash).not.toBe(original.hash)

    const cropped = await client.sourceimages.addDynamicMetaData(
      org,
      added.body.hash,
      'crop_area',
      { x: 0, y: 0, width: 200, height: 150 }
    )
    expect(cropped.body.dynamic_metadata).toEqual({
      version: { text: 'v2' },
      crop_area: { x: 0, y: 0, width: 200, height: 150 }
    })

    const withoutCrop = await client.sourceimages.deleteDynamicMetaData(
      org,
      cropped.body.hash,
      'crop_area',
      {
        deletePrevious: true
      }
    )
    expect(withoutCrop.statusCode).toBe(201)
    expect(withoutCrop.body.hash).toBe(added.body.hash)
    await failure(client.sourceimages.get(org, cropped.body.hash), 404)

    const withoutVersion = await client.sourceimages.deleteDynamicMetaData(
      org,
      added.body.hash,
      'version'
    )
    expect(withoutVersion.body.hash).toBe(original.hash)
    expect((await getImage(added.body.hash)).hash).toBe(added.body.hash)
  })

  it('finds and sorts images by dynamic metadata fields (dynamic:<type>:<entry>:<field>)', async () => {
    const { client, org } = server
    const base = await upload('dyn.jpg', await makeJpeg(120, 90, 31))
    const tagged = async (text: string, width: number) => {
      const versioned = await client.sourceimages.addDynamicMetaData(org, base.hash, 'version', { text })
      const area = await client.sourceimages.addDynamicMetaData(
        org,
        versioned.body.hash,
        'subject_area',
        { x: 1, y: 1, width, height: 10 },
        { deletePrevious: true }
      )
      return area.body.hash as string
    }
    const first = await tagged('dyn-search-a', 20)
    const second = await tagged('dyn-search-b', 50)
    const hashesOf = async (search: Record<string, string>, sort?: string) => {
      const res = await client.sourceimages.list(org, { search, ...(sort ? { sort } : {}) })
      return res.body.items.map((item) => item.hash)
    }
    expect(await hashesOf({ 'dynamic:str:version:text': 'dyn-search-a' })).toEqual([first])
    // the type defaults to str
    expect(await hashesOf({ 'dynamic:version:text': 'dyn-search-b' })).toEqual([second])
    const ours = { 'dynamic:str:version:text': 'dyn-search-*' }
    expect(await hashesOf({ ...ours, 'dynamic:int:subject_area:width': '[30,}' })).toEqual([second])
    expect(
      await hashesOf(ours, 'dynamic:int:subject_area:width desc')
    ).toEqual([second, first])
    await failure(client.sourceimages.list(org, { search: { 'dynamic:version': 'x' } }), 400)
  })

  it('refuses unknown names and invalid areas with 400; removing a missing entry is 404', async () => {
    const { client, org } = server
    await failure(
      client.sourceimages.addDynamicMetaData(org, original.hash, 'no_such_meta', { a: 1 }),
      400
    )
    await failure(
      client.sourceimages.setSubjectArea(org, original.hash, {
        x: -5,
        y: 0,
        width: 10,
        height: 10
      }),
      400
    )
    await failure(
      client.sourceimages.addDynamicMetaData(org, original.hash, 'version', { text: '' }),
      400
    )
    await failure(client.sourceimages.removeSubjectArea(org, original.hash), 404)
    await failure(
      client.sourceimages.setSubjectArea(org, 'f'.repeat(40), { x: 0, y: 0, width: 1, height: 1 }),
      404
    )
  })
})
