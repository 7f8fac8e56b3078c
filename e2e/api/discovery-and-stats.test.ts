import { describe, expect, it } from 'vitest'
import type { SourceImage } from '../../src-shared/api/sourceimages'
import { makeJpeg, makePngWithAlpha } from './images'
import { failure, useApiServer } from './server'

const server = useApiServer()

/**
 * Operations of rokka's recorded `GET /operations` that Darkroom applies from the start; the list
 * grows as the engine learns more, and only what the engine can apply is listed.
 */
const CORE_OPERATIONS = ['resize', 'rotate', 'autorotate', 'trim', 'noop', 'crop']

interface OptionSchema {
  type: string | string[]
  minimum?: number
  maximum?: number
  default?: unknown
  values?: string[]
  pattern?: string
}

interface StatPoint {
  timestamp: string
  value: number
  unit: string | null
}

describe('operations.list', () => {
  it('works without an API key and describes every operation by properties', async () => {
    const res = await server.clientFor().operations.list()
    expect(res.statusCode).toBe(200)
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(CORE_OPERATIONS))
    for (const [name, operation] of Object.entries(
      res.body as Record<string, { properties: object }>
    )) {
      expect(operation.properties, name).toBeTypeOf('object')
      expect(operation.properties, name).toHaveProperty('enabled', {
        type: 'boolean',
        default: true,
        description: 'If set to false, will not use this operation for rendering.'
      })
    }
  })

  it('gives types, ranges, defaults and required options as rokka does', async () => {
    const { body } = await server.clientFor().operations.list()
    const resize = body.resize as { properties: Record<string, OptionSchema>; oneOf: string[] }
    expect(resize.properties.width).toMatchObject({ type: 'integer', minimum: 1, maximum: 10000 })
    expect(resize.properties.mode).toMatchObject({ type: 'string', default: 'box' })
    expect(resize.properties.mode?.values).toEqual(
      expect.arrayContaining(['box', 'fill', 'absolute'])
    )
    expect(resize.oneOf).toEqual(['width', 'height'])
    expect(body.rotate.required).toEqual(['angle'])
    expect(body.crop.required).toEqual(['width', 'height'])
  })

  it('stacks accept what the client helpers build for every listed operation, nothing unlisted', async () => {
    const { client, org } = server
    const { operations } = client
    const listed = Object.keys((await client.operations.list()).body)
    const helpers = [
      operations.resize(100, 80, { mode: 'fill' as never }),
      operations.crop(50, 50, { anchor: 'smart' }),
      operations.rotate(90),
      operations.autorotate(),
      operations.dropshadow({ blur_radius: 5 }),
      operations.trim(),
      operations.composition(200, 200, 'foreground', { secondary_color: '00FF00' }),
      operations.blur(3, 2),
      operations.noop()
    ]
    const usable = helpers.filter((op) => listed.includes(op.name))
    expect(usable.map((op) => op.name)).toEqual(expect.arrayContaining(CORE_OPERATIONS))
    const res = await client.stacks.create(org, 'every-helper', { operations: usable })
    expect(res.statusCode).toBe(201)
    expect(res.body.stack_operations.map((op: { name: string }) => op.name)).toEqual(
      usable.map((op) => op.name)
    )
    for (const op of helpers.filter((helper) => !listed.includes(helper.name))) {
      const error = await failure(
        client.stacks.create(org, `unlisted-${op.name}`, { operations: [op] }),
        400
      )
      expect(error.body.message).toContain(`"${op.name}"`)
    }
  })
})

describe('stackoptions.get', () => {
  it('works without an API key and describes the stack options', async () => {
    const res = await server.clientFor().stackoptions.get()
    expect(res.statusCode).toBe(200)
    expect(Object.keys(res.body)).toEqual(['properties'])
    const properties = res.body.properties as Record<string, OptionSchema>
    expect(properties['jpg.quality']).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 })
    expect(properties['webp.quality']).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 })
    expect(properties.autoformat).toMatchObject({ type: 'boolean', default: false })
    expect(properties.basestack).toMatchObject({
      type: ['string', 'null'],
      pattern: '[a-z0-9\\-_]+'
    })
    expect(properties.dpr).toMatchObject({ type: 'number' })
  })

  it('every option it lists with a default is accepted in a stack', async () => {
    const { body } = await server.clientFor().stackoptions.get()
    const properties = body.properties as Record<string, OptionSchema>
    const options = Object.fromEntries(
      Object.entries(properties)
        .filter(
          ([name, option]) =>
            option.default !== undefined && option.default !== null && name !== 'source_file'
        )
        .map(([name, option]) => [name, option.default as string | number | boolean])
    )
    expect(Object.keys(options).length).toBeGreaterThan(5)
    const res = await server.client.stacks.create(server.org, 'all-defaults', {
      operations: [],
      options
    })
    expect(res.body.stack_options).toEqual(options)
  })
})

describe('GET / (raw request)', () => {
  it('lists the resources for a valid key and refuses a wrong one with 403', async () => {
    const res = await server.client.request('')
    expect(res.statusCode).toBe(200)
    expect(res.body.resources).toEqual(
      expect.arrayContaining([
        '/operations',
        '/organizations',
        '/sourceimages',
        '/stacks',
        '/stackoptions',
        '/users',
        '/stats'
      ])
    )
    await failure(server.clientFor('x'.repeat(32)).request(''), 403)
  })
})

describe('stats.get', () => {
  const today = () => `${new Date().toISOString().slice(0, 10)}T00:00:00+00:00`

  const pointFor = (points: StatPoint[], timestamp: string) =>
    points.find((p) => p.timestamp === timestamp)

  it("counts today's files and bytes; deleting an image takes it out", async () => {
    const { client, org } = server
    const empty = await client.stats.get(org)
    expect(empty.statusCode).toBe(200)
    expect(empty.body).toEqual({
      space_in_bytes: [],
      number_of_files: [],
      bytes_downloaded: [],
      bytes_downloaded_external: []
    })

    const images: SourceImage[] = []
    for (const bytes of [await makeJpeg(120, 90, 1), await makePngWithAlpha(40, 40)]) {
      images.push((await client.sourceimages.create(org, 'stat.img', bytes)).body.items[0])
    }
    const total = images.reduce((sum, image) => sum + image.size, 0)
    // the day the images were stored on, in UTC as the stats are
    const day = `${(images[1] as SourceImage).created.slice(0, 10)}T00:00:00+00:00`

    const res = await client.stats.get(org)
    expect(Object.keys(res.body).sort()).toEqual([
      'bytes_downloaded',
      'bytes_downloaded_external',
      'number_of_files',
      'space_in_bytes'
    ])
    expect(pointFor(res.body.number_of_files, day)).toEqual({
      timestamp: day,
      value: 2,
      unit: null
    })
    expect(pointFor(res.body.space_in_bytes, day)).toEqual({
      timestamp: day,
      value: total,
      unit: 'Bytes'
    })

    await client.sourceimages.delete(org, (images[0] as SourceImage).hash)
    const after = await client.stats.get(org)
    expect(pointFor(after.body.number_of_files, day)?.value).toBe(1)
    expect(pointFor(after.body.space_in_bytes, day)?.value).toBe((images[1] as SourceImage).size)
  })

  it('answers with empty series for a range before anything was stored', async () => {
    const res = await server.client.stats.get(server.org, '2019-11-01', '2019-11-30')
    expect(res.statusCode).toBe(200)
    expect(res.body.number_of_files).toEqual([])
    expect(res.body.space_in_bytes).toEqual([])
  })

  it('includes the day given as `to`, newest first', async () => {
    const day = new Date().toISOString().slice(0, 10)
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)
    const res = await server.client.stats.get(server.org, weekAgo, day)
    expect(res.body.number_of_files[0]?.timestamp).toBe(today())
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
    const before = await server.client.stats.get(server.org, weekAgo, yesterday)
    expect(before.body.number_of_files).toEqual([])
  })

  it('refuses malformed or reversed dates with 400', async () => {
    await failure(server.client.stats.get(server.org, '01.11.2019', '2019-11-30'), 400)
    await failure(server.client.stats.get(server.org, '2019-12-01', '2019-11-01'), 400)
  })
})
