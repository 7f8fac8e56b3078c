import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SourceImage } from '../../src-shared/api/sourceimages'
import { makeAnimatedGif, makeJpeg, makePngWithAlpha, makeSvg } from './images'
import { failure, RFC3339, ROLES, sha1, useApiServer } from './server'

const server = useApiServer()

const HASH = /^[0-9a-f]{40}$/
const NO_SUCH_HASH = 'f'.repeat(40)

interface Fixture {
  bytes: Buffer
  name: string
  image: SourceImage
}

const fixtures: Record<'jpeg' | 'png' | 'gif' | 'svg', Fixture> = {} as never
const svgText = makeSvg(104, 97)

const upload = async (
  org: string,
  name: string,
  bytes: Buffer | string,
  metadata: object | null = null
) => {
  const res = await server.client.sourceimages.create(org, name, bytes, metadata)
  expect(res.statusCode).toBe(201)
  expect(res.body.total).toBe(1)
  expect(res.body.items).toHaveLength(1)
  return res.body.items[0] as SourceImage
}

const createOrg = (name: string) =>
  server.client.organizations.create(name, `${name}@example.org`, name)

beforeAll(async () => {
  const made = {
    jpeg: { bytes: await makeJpeg(320, 240, 1), name: 'photo.jpg' },
    png: { bytes: await makePngWithAlpha(64, 48), name: 'alpha.png' },
    gif: { bytes: await makeAnimatedGif(40, 30, 3), name: 'anim.gif' },
    svg: { bytes: Buffer.from(svgText), name: 'cartman.svg' }
  }
  for (const [key, { bytes, name }] of Object.entries(made)) {
    fixtures[key as keyof typeof fixtures] = {
      bytes,
      name,
      image: await upload(server.org, name, bytes)
    }
  }
})

/** Checks everything the upload answer says about an image against the bytes that were sent. */
const expectDescribes = (image: SourceImage, bytes: Buffer, name: string) => {
  expect(image.hash).toMatch(HASH)
  expect(image.binary_hash).toBe(sha1(bytes))
  expect(image.size).toBe(bytes.length)
  expect(image.name).toBe(name)
  expect(image.short_hash.length).toBeGreaterThanOrEqual(6)
  expect(image.hash.startsWith(image.short_hash)).toBe(true)
  expect(image.organization).toBe(server.org)
  expect(image.link).toBe(`/sourceimages/${server.org}/${image.hash}`)
  expect(image.created).toMatch(RFC3339)
  expect(Math.abs(Date.parse(image.created) - Date.now())).toBeLessThan(5 * 60_000)
  expect(image).toMatchObject({ deleted: false, protected: false, locked: false })
}

describe('sourceimages.create', () => {
  it('stores a JPEG: size, format, dimensions and binary_hash = sha1 of the bytes', () => {
    const { image, bytes, name } = fixtures.jpeg
    expectDescribes(image, bytes, name)
    expect(image).toMatchObject({
      format: 'jpg',
      mimetype: 'image/jpeg',
      width: 320,
      height: 240,
      opaque: true,
      animated: false
    })
  })

  it('stores a PNG with alpha as not opaque', () => {
    const { image, bytes, name } = fixtures.png
    expectDescribes(image, bytes, name)
    expect(image).toMatchObject({
      format: 'png',
      mimetype: 'image/png',
      width: 64,
      height: 48,
      opaque: false
    })
  })

  it('stores an animated GIF with the size of one frame', () => {
    const { image, bytes, name } = fixtures.gif
    expectDescribes(image, bytes, name)
    expect(image).toMatchObject({
      format: 'gif',
      mimetype: 'image/gif',
      width: 40,
      height: 30,
      animated: true
    })
  })

  it('stores an SVG with the size of its width and height attributes', () => {
    const { image, bytes, name } = fixtures.svg
    expectDescribes(image, bytes, name)
    expect(image).toMatchObject({
      format: 'svg',
      mimetype: 'image/svg+xml',
      width: 104,
      height: 97
    })
  })

  it('gives every image its own hash and a unique short hash', () => {
    const all = Object.values(fixtures).map((f) => f.image)
    expect(new Set(all.map((image) => image.hash)).size).toBe(all.length)
    expect(new Set(all.map((image) => image.short_hash)).size).toBe(all.length)
  })

  it('returns the same hash when the same bytes are uploaded again, without a second image', async () => {
    const before = await server.client.sourceimages.list(server.org)
    const again = await upload(server.org, 'same-again.jpg', fixtures.jpeg.bytes)
    expect(again.hash).toBe(fixtures.jpeg.image.hash)
    expect(again.binary_hash).toBe(fixtures.jpeg.image.binary_hash)
    const after = await server.client.sourceimages.list(server.org)
    expect(after.body.total).toBe(before.body.total)
  })

  it('reads the file from a stream as well as from a buffer', async () => {
    const bytes = await makeJpeg(50, 40, 21)
    const res = await server.client.sourceimages.create(
      server.org,
      'stream.jpg',
      Readable.from([bytes])
    )
    expect(res.statusCode).toBe(201)
    const image = res.body.items[0] as SourceImage
    expectDescribes(image, bytes, 'stream.jpg')
    expect(image).toMatchObject({ width: 50, height: 40 })
  })

  it('uploads as protected with options: a separate hash for the same binary', async () => {
    const bytes = await makeJpeg(60, 60, 22)
    const protectedImage = await upload(server.org, 'p.jpg', bytes, {
      options: { protected: true }
    })
    expect(protectedImage.protected).toBe(true)
    const open = await upload(server.org, 'p.jpg', bytes)
    expect(open.protected).toBe(false)
    expect(open.binary_hash).toBe(protectedImage.binary_hash)
    expect(open.hash).not.toBe(protectedImage.hash)
  })

  it('converts a TIFF to PNG with optimize_source, keeping the binary hash of the upload', async () => {
    const tiff = await sharp({
      create: { width: 33, height: 22, channels: 3, background: '#2050a0' }
    })
      .tiff()
      .toBuffer()
    const res = await server.client.sourceimages.create(server.org, 'scan.tiff', tiff, null, {
      optimize_source: true
    })
    expect(res.statusCode).toBe(201)
    const image = res.body.items[0] as SourceImage
    expect(image).toMatchObject({
      format: 'png',
      mimetype: 'image/png',
      width: 33,
      height: 22,
      binary_hash: sha1(tiff)
    })
    const stored = await server.client.sourceimages.downloadAsBuffer(server.org, image.hash)
    expect((await sharp(stored.body).metadata()).format).toBe('png')
    expect(stored.body.length).toBe(image.size)

    const other = await sharp({
      create: { width: 12, height: 10, channels: 3, background: '#a05020' }
    })
      .tiff()
      .toBuffer()
    const kept = await upload(server.org, 'kept.tiff', other)
    expect(kept).toMatchObject({ format: 'tiff', mimetype: 'image/tiff', size: other.length })
  })

  it('stores parallel uploads each with its own hash', async () => {
    const files = await Promise.all(
      Array.from({ length: 8 }, (_, i) => makeJpeg(20 + i, 20, 70 + i))
    )
    const images = await Promise.all(
      files.map((bytes, i) => upload(server.org, `parallel-${i}.jpg`, bytes))
    )
    images.forEach((image, i) => {
      expect(image.binary_hash).toBe(sha1(files[i] as Buffer))
      expect(image.width).toBe(20 + i)
    })
    expect(new Set(images.map((image) => image.hash)).size).toBe(8)
    const listed = await server.client.sourceimages.list(server.org, {
      search: { name: 'parallel-*' }
    })
    expect(listed.body.total).toBe(8)
  })

  it('refuses bytes that are not an image with 400, and stores nothing', async () => {
    const before = await server.client.sourceimages.list(server.org)
    await failure(
      server.client.sourceimages.create(server.org, 'notes.jpg', Buffer.from('just some text\n')),
      400
    )
    const after = await server.client.sourceimages.list(server.org)
    expect(after.body.total).toBe(before.body.total)
  })
})

describe('sourceimages.get / getWithBinaryHash', () => {
  it('get returns the image exactly as the upload described it', async () => {
    for (const { image } of Object.values(fixtures)) {
      const res = await server.client.sourceimages.get(server.org, image.hash)
      expect(res.statusCode).toBe(200)
      expect(res.body).toEqual(image)
    }
  })

  it('get accepts the short hash', async () => {
    const { image } = fixtures.png
    const res = await server.client.sourceimages.get(server.org, image.short_hash)
    expect(res.body.hash).toBe(image.hash)
  })

  it('get answers 404 for an unknown hash', async () => {
    await failure(server.client.sourceimages.get(server.org, NO_SUCH_HASH), 404)
  })

  it('getWithBinaryHash lists the images of one binary', async () => {
    const { image } = fixtures.gif
    const res = await server.client.sourceimages.getWithBinaryHash(server.org, image.binary_hash)
    expect(res.statusCode).toBe(200)
    expect(res.body.total).toBe(1)
    expect(res.body.items.map((item: SourceImage) => item.hash)).toEqual([image.hash])
    const none = await server.client.sourceimages.getWithBinaryHash(server.org, NO_SUCH_HASH)
    expect(none.body).toMatchObject({ total: 0, items: [] })
  })
})

describe('sourceimages.list', () => {
  const org = 'list-org'
  const listed: SourceImage[] = []

  beforeAll(async () => {
    await createOrg(org)
    const files: [string, Buffer][] = [
      ['photo-a.jpg', await makeJpeg(100, 80, 31)],
      ['photo-b.jpg', await makeJpeg(120, 80, 32)],
      ['photo-c.jpg', await makeJpeg(140, 80, 33)],
      ['alpha.png', await makePngWithAlpha(64, 48)],
      ['anim.gif', await makeAnimatedGif(40, 30, 2)]
    ]
    for (const [name, bytes] of files) {
      const res = await server.client.sourceimages.create(org, name, bytes)
      listed.push(res.body.items[0] as SourceImage)
    }
  })

  const hashesOf = (items: { hash: string }[]) => items.map((item) => item.hash).sort()

  it('without arguments lists every image with total, items and links', async () => {
    const res = await server.client.sourceimages.list(org)
    expect(res.statusCode).toBe(200)
    expect(res.body.total).toBe(5)
    expect(res.body.links).toEqual({})
    expect(hashesOf(res.body.items)).toEqual(hashesOf(listed))
    const png = res.body.items.find((item) => item.format === 'png')
    expect(png).toEqual(listed[3])
  })

  it('pages by cursor: every image exactly once', async () => {
    const seen: { hash: string }[] = []
    let offset: string | undefined
    for (let page = 0; page < 10; page++) {
      const res = await server.client.sourceimages.list(org, {
        limit: 2,
        ...(offset ? { offset } : {})
      })
      expect(res.body.total).toBe(5)
      expect(res.body.items.length).toBeLessThanOrEqual(2)
      seen.push(...res.body.items)
      if (!res.body.cursor) break
      expect(res.body.links.next?.href).toMatch(new RegExp(`^/sourceimages/${org}\\?`))
      offset = res.body.cursor
    }
    expect(seen).toHaveLength(5)
    expect(hashesOf(seen)).toEqual(hashesOf(listed))
  })

  it('pages by numeric offset with a prev link', async () => {
    const all = (await server.client.sourceimages.list(org)).body.items
    const res = await server.client.sourceimages.list(org, { limit: 2, offset: 1 })
    expect(res.body.total).toBe(5)
    expect(res.body.items.map((item) => item.hash)).toEqual(
      all.slice(1, 3).map((item) => item.hash)
    )
    expect(res.body.links.prev).toEqual({ href: `/sourceimages/${org}?limit=2` })
  })

  it('sorts by name, both ways', async () => {
    const names = listed.map((image) => image.name).sort()
    const asc = await server.client.sourceimages.list(org, { sort: 'name asc' })
    expect(asc.body.items.map((item) => item.name)).toEqual(names)
    const desc = await server.client.sourceimages.list(org, { sort: ['name desc'] })
    expect(desc.body.items.map((item) => item.name)).toEqual([...names].reverse())
  })

  it('searches by fields: exact, prefix and range', async () => {
    const byFormat = await server.client.sourceimages.list(org, { search: { format: 'png' } })
    expect(byFormat.body.total).toBe(1)
    expect(byFormat.body.items[0]?.hash).toBe(listed[3]?.hash)

    const byHeight = await server.client.sourceimages.list(org, { search: { height: '80' } })
    expect(byHeight.body.total).toBe(3)

    const byPrefix = await server.client.sourceimages.list(org, { search: { name: 'photo-*' } })
    expect(hashesOf(byPrefix.body.items)).toEqual(hashesOf(listed.slice(0, 3)))

    const byWidth = await server.client.sourceimages.list(org, { search: { width: '[100,120]' } })
    expect(hashesOf(byWidth.body.items)).toEqual(hashesOf(listed.slice(0, 2)))
  })

  it('lists deleted images only with deleted=true', async () => {
    const victim = listed[4] as SourceImage
    await server.client.sourceimages.delete(org, victim.hash)
    const live = await server.client.sourceimages.list(org)
    expect(live.body.total).toBe(4)
    const deleted = await server.client.sourceimages.list(org, { deleted: true })
    expect(deleted.body.items.map((item) => item.hash)).toEqual([victim.hash])
    await server.client.sourceimages.restore(org, victim.hash)
    expect((await server.client.sourceimages.list(org)).body.total).toBe(5)
  })
})

describe('sourceimages.download / downloadAsBuffer', () => {
  it('download returns the SVG text as uploaded, with its file name', async () => {
    const { image } = fixtures.svg
    const res = await server.client.sourceimages.download(server.org, image.hash)
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe(svgText)
    expect(res.response.headers.get('content-type')).toBe('image/svg+xml')
    expect(res.response.headers.get('content-disposition')).toMatch(/filename="cartman\.svg"$/)
  })

  it('downloadAsBuffer returns the original bytes of binary images', async () => {
    for (const key of ['jpeg', 'png', 'gif'] as const) {
      const { image, bytes } = fixtures[key]
      const res = await server.client.sourceimages.downloadAsBuffer(server.org, image.hash)
      expect(res.statusCode).toBe(200)
      expect(Buffer.isBuffer(res.body)).toBe(true)
      expect(sha1(res.body)).toBe(image.binary_hash)
      expect(res.body.equals(bytes)).toBe(true)
    }
  })

  it('download answers 404 for an unknown hash', async () => {
    await failure(server.client.sourceimages.download(server.org, NO_SUCH_HASH), 404)
  })
})

describe('sourceimages.delete / restore / deleteWithBinaryHash', () => {
  it('delete answers 204; the image is gone until restore brings it back', async () => {
    const { client, org } = server
    const image = await upload(org, 'doomed.jpg', await makeJpeg(30, 30, 41))
    const res = await client.sourceimages.delete(org, image.hash)
    expect(res.statusCode).toBe(204)
    await failure(client.sourceimages.get(org, image.hash), 404)
    await failure(client.sourceimages.download(org, image.hash), 404)

    const deleted = await client.sourceimages.get(org, image.hash, { deleted: true })
    expect(deleted.body).toMatchObject({ hash: image.hash, deleted: true })
    expect(deleted.body.deleted_date).toMatch(RFC3339)

    const restored = await client.sourceimages.restore(org, image.hash)
    expect(restored.statusCode).toBe(200)
    expect(restored.body).toMatchObject({
      hash: image.hash,
      binary_hash: image.binary_hash,
      deleted: false
    })
    expect(restored.body).not.toHaveProperty('deleted_date')
    expect((await client.sourceimages.get(org, image.hash)).body.deleted).toBe(false)
  })

  it('restore of an image that is not deleted returns it; unknown hashes give 404', async () => {
    const { image } = fixtures.png
    const res = await server.client.sourceimages.restore(server.org, image.hash)
    expect(res.statusCode).toBe(200)
    expect(res.body).toEqual(image)
    await failure(server.client.sourceimages.restore(server.org, NO_SUCH_HASH), 404)
    await failure(server.client.sourceimages.delete(server.org, NO_SUCH_HASH), 404)
  })

  it('deleteWithBinaryHash deletes every hash of the binary', async () => {
    const { client, org } = server
    const image = await upload(org, 'variants.jpg', await makeJpeg(80, 60, 42))
    const variant = await client.sourceimages.setSubjectArea(org, image.hash, {
      x: 1,
      y: 2,
      width: 10,
      height: 10
    })
    expect(variant.body.hash).not.toBe(image.hash)
    const both = await client.sourceimages.getWithBinaryHash(org, image.binary_hash)
    expect(both.body.total).toBe(2)

    const res = await client.sourceimages.deleteWithBinaryHash(org, image.binary_hash)
    expect(res.statusCode).toBe(204)
    await failure(client.sourceimages.get(org, image.hash), 404)
    await failure(client.sourceimages.get(org, variant.body.hash), 404)
    expect((await client.sourceimages.getWithBinaryHash(org, image.binary_hash)).body.total).toBe(0)
    await failure(client.sourceimages.deleteWithBinaryHash(org, NO_SUCH_HASH), 404)
  })
})

describe('sourceimages.copy / copyAll', () => {
  const target = 'copy-target'

  beforeAll(async () => {
    await createOrg(target)
  })

  it('copy answers 201 {} and the destination holds the same image, metadata and bytes', async () => {
    const { client, org } = server
    const bytes = await makeJpeg(90, 70, 51)
    const image = await upload(org, 'to-copy.jpg', bytes, { meta_user: { title: 'Copied' } })
    const res = await client.sourceimages.copy(org, image.hash, target)
    expect(res.statusCode).toBe(201)
    expect(res.body).toEqual({})

    const copied = await client.sourceimages.get(target, image.hash)
    expect(copied.body).toMatchObject({
      hash: image.hash,
      binary_hash: image.binary_hash,
      name: 'to-copy.jpg',
      organization: target,
      user_metadata: { title: 'Copied' },
      width: 90,
      height: 70
    })
    const download = await client.sourceimages.downloadAsBuffer(target, image.hash)
    expect(download.body.equals(bytes)).toBe(true)

    // copying again overwrites (204); with overwrite=false the existing copy wins (412)
    const again = await client.sourceimages.copy(org, image.hash, target)
    expect(again.statusCode).toBe(204)
    const refused = await failure(client.sourceimages.copy(org, image.hash, target, false), 412)
    expect(refused.response.headers.get('content-type')).toBe('application/json')
  })

  it('copy answers 404 for an unknown image, 400 for an unknown destination, 403 without write there', async () => {
    const { client, org } = server
    const { image } = fixtures.jpeg
    await failure(client.sourceimages.copy(org, NO_SUCH_HASH, target), 404)
    await failure(client.sourceimages.copy(org, image.hash, 'no-such-org'), 400)
    await server.clientFor().users.create('foreign@example.org', 'foreign-org')
    await failure(client.sourceimages.copy(org, image.hash, 'foreign-org'), 403)
  })

  it('copyAll reports created, existing and unknown hashes', async () => {
    const { client, org } = server
    const hashes = [fixtures.png.image.hash, fixtures.gif.image.hash]
    const res = await client.sourceimages.copyAll(org, [...hashes, NO_SUCH_HASH], target)
    expect(res.statusCode).toBe(200)
    expect(res.body).toEqual({ created: hashes, existing: [], notfound: [NO_SUCH_HASH] })
    for (const hash of hashes) {
      expect((await client.sourceimages.get(target, hash)).body.hash).toBe(hash)
    }
    const again = await client.sourceimages.copyAll(org, hashes, target, false)
    expect(again.body).toEqual({ created: [], existing: hashes, notfound: [] })
  })
})

describe('sourceimages.setProtected / setLocked / putName', () => {
  it('setProtected moves the image to a new hash (Location), and back when unprotected', async () => {
    const { client, org } = server
    const image = await upload(org, 'protect-me.jpg', await makeJpeg(70, 50, 61), {
      meta_user: { keep: 'me' }
    })
    const res = await client.sourceimages.setProtected(org, image.hash, true)
    expect(res.statusCode).toBe(201)
    const protectedImage = res.body as SourceImage
    expect(protectedImage.protected).toBe(true)
    expect(protectedImage.hash).not.toBe(image.hash)
    expect(protectedImage.binary_hash).toBe(image.binary_hash)
    expect(protectedImage.user_metadata).toEqual({ keep: 'me' })
    expect(res.response.headers.get('location')).toBe(`/sourceimages/${org}/${protectedImage.hash}`)
    // without deletePrevious the unprotected original stays
    expect((await client.sourceimages.get(org, image.hash)).body.protected).toBe(false)

    const same = await client.sourceimages.setProtected(org, protectedImage.hash, true)
    expect(same.statusCode).toBe(200)
    expect(same.body.hash).toBe(protectedImage.hash)

    const back = await client.sourceimages.setProtected(org, protectedImage.hash, false, {
      deletePrevious: true
    })
    expect(back.body.hash).toBe(image.hash)
    expect(back.body.protected).toBe(false)
    await failure(client.sourceimages.get(org, protectedImage.hash), 404)
  })

  it('downloading a protected image needs sourceimages:download:protected (read includes it)', async () => {
    const { client, org } = server
    const bytes = await makeJpeg(30, 30, 64)
    const open = await upload(org, 'guarded.jpg', bytes)
    const guarded = (await client.sourceimages.setProtected(org, open.hash, true))
      .body as SourceImage

    const lister = await client.memberships.createWithNewUser(org, [ROLES.SOURCEIMAGE_READ])
    const listerClient = server.clientFor(lister.body.api_key)
    await failure(listerClient.sourceimages.downloadAsBuffer(org, guarded.hash), 403)
    expect((await listerClient.sourceimages.get(org, guarded.hash)).body.protected).toBe(true)
    const openCopy = await listerClient.sourceimages.downloadAsBuffer(org, open.hash)
    expect(openCopy.body.equals(bytes)).toBe(true)

    const reader = await client.memberships.createWithNewUser(org, [ROLES.READ])
    const readerCopy = await server
      .clientFor(reader.body.api_key)
      .sourceimages.downloadAsBuffer(org, guarded.hash)
    expect(readerCopy.body.equals(bytes)).toBe(true)
  })

  it('setLocked locks and unlocks; a locked image cannot be deleted or changed', async () => {
    const { client, org } = server
    const image = await upload(org, 'lock-me.jpg', await makeJpeg(40, 40, 62))
    const locked = await client.sourceimages.setLocked(org, image.hash, true)
    expect(locked.statusCode).toBe(200)
    expect(locked.body).toMatchObject({ hash: image.hash, locked: true })
    expect((await client.sourceimages.get(org, image.hash)).body.locked).toBe(true)

    await failure(client.sourceimages.delete(org, image.hash), 403)
    await failure(client.sourceimages.deleteWithBinaryHash(org, image.binary_hash), 403)
    await failure(client.sourceimages.meta.add(org, image.hash, { a: 'b' }), 403)

    const unlocked = await client.sourceimages.setLocked(org, image.hash, false)
    expect(unlocked.body.locked).toBe(false)
    expect((await client.sourceimages.delete(org, image.hash)).statusCode).toBe(204)
  })

  it('setLocked needs admin or sourceimages:unlock, not just write', async () => {
    const { client, org } = server
    const { image } = fixtures.gif
    const writer = await client.memberships.createWithNewUser(org, [ROLES.WRITE])
    await failure(
      server.clientFor(writer.body.api_key).sourceimages.setLocked(org, image.hash, true),
      403
    )
    const unlocker = await client.memberships.createWithNewUser(org, [
      ROLES.READ,
      ROLES.SOURCEIMAGE_UNLOCK
    ])
    const unlockerClient = server.clientFor(unlocker.body.api_key)
    expect((await unlockerClient.sourceimages.setLocked(org, image.hash, true)).body.locked).toBe(
      true
    )
    expect((await unlockerClient.sourceimages.setLocked(org, image.hash, false)).body.locked).toBe(
      false
    )
  })

  it('putName renames (204) and the new name is kept as sent', async () => {
    const { client, org } = server
    const image = await upload(org, 'old-name.jpg', await makeJpeg(20, 20, 63))
    const res = await client.sourceimages.putName(org, image.hash, 'new-image-name.jpg')
    expect(res.statusCode).toBe(204)
    expect((await client.sourceimages.get(org, image.hash)).body.name).toBe('new-image-name.jpg')

    await client.sourceimages.putName(org, image.hash, 'Fête "d\'été" 2024.jpg')
    const renamed = await client.sourceimages.get(org, image.hash)
    expect(renamed.body.name).toBe('Fête "d\'été" 2024.jpg')
    expect(renamed.body.hash).toBe(image.hash)
    await failure(client.sourceimages.putName(org, NO_SUCH_HASH, 'x.jpg'), 404)
  })
})

describe('sourceimages.createByUrl', () => {
  const remoteOrg = 'remote-org'
  let fixtureServer: Server
  let fixtureUrl: string
  let png: Buffer
  let hits = 0

  beforeAll(async () => {
    png = await makePngWithAlpha(30, 20)
    fixtureServer = createServer((request, response) => {
      hits++
      if (request.url === '/pics/remote.png') {
        response.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length })
        response.end(png)
        return
      }
      response.writeHead(404, { 'content-type': 'text/plain' })
      response.end('not here')
    })
    await new Promise<void>((resolve) => fixtureServer.listen(0, '127.0.0.1', resolve))
    fixtureUrl = `http://127.0.0.1:${(fixtureServer.address() as AddressInfo).port}`
    await createOrg(remoteOrg)
    const org = await server.client.organizations.setOption(remoteOrg, 'allow_local_sources', true)
    expect(org.body.options.allow_local_sources).toBe(true)
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => fixtureServer.close(() => resolve()))
  })

  it('imports an image from a loopback URL for an organization allowing local sources', async () => {
    const res = await server.client.sourceimages.createByUrl(
      remoteOrg,
      `${fixtureUrl}/pics/remote.png`,
      {
        meta_user: { source: 'fixture' }
      }
    )
    expect(res.statusCode).toBe(201)
    expect(res.body.total).toBe(1)
    const image = res.body.items[0] as SourceImage
    expect(image).toMatchObject({
      binary_hash: sha1(png),
      name: 'remote.png',
      format: 'png',
      width: 30,
      height: 20,
      size: png.length,
      organization: remoteOrg,
      opaque: false,
      user_metadata: { source: 'fixture' }
    })
    const download = await server.client.sourceimages.downloadAsBuffer(remoteOrg, image.hash)
    expect(download.body.equals(png)).toBe(true)
  })

  it('refuses loopback URLs (400) for an organization without the option, without connecting', async () => {
    const before = hits
    const error = await failure(
      server.client.sourceimages.createByUrl(server.org, `${fixtureUrl}/pics/remote.png`),
      400
    )
    expect(error.body.message).toContain(`${fixtureUrl}/pics/remote.png`)
    expect(hits).toBe(before)
  })

  it("refuses the server's own port even when local sources are allowed", async () => {
    const own = `${server.url}/sourceimages/${server.org}/${fixtures.png.image.hash}/download`
    await failure(server.client.sourceimages.createByUrl(remoteOrg, own), 400)
  })

  it('answers 400 when the URL does not deliver an image', async () => {
    const before = (await server.client.sourceimages.list(remoteOrg)).body.total
    await failure(
      server.client.sourceimages.createByUrl(remoteOrg, `${fixtureUrl}/pics/missing.png`),
      400
    )
    expect((await server.client.sourceimages.list(remoteOrg)).body.total).toBe(before)
  })
})
