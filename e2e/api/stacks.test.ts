import { describe, expect, it } from 'vitest'
import type { Stack } from '../../src-shared/api/stacks'
import { failure, RFC3339, ROLES, useApiServer } from './server'

const server = useApiServer()

const STACK_KEYS = [
  'created',
  'name',
  'organization',
  'stack_expressions',
  'stack_operations',
  'stack_options',
  'stack_variables'
]

describe('stacks.create', () => {
  it('creates a stack (201) and echoes operations and options in the stack_* keys', async () => {
    const { client, org } = server
    const { operations } = client
    const res = await client.stacks.create(org, 'mystack', {
      operations: [operations.rotate(45), operations.resize(100, 100)],
      options: { 'jpg.quality': 77 }
    })
    expect(res.statusCode).toBe(201)
    const stack = res.body as Stack
    expect(Object.keys(stack).sort()).toEqual(STACK_KEYS)
    expect(stack).toMatchObject({
      name: 'mystack',
      organization: org,
      stack_operations: [
        { name: 'rotate', options: { angle: 45 } },
        { name: 'resize', options: { width: 100, height: 100 } }
      ],
      stack_options: { 'jpg.quality': 77 },
      stack_expressions: [],
      stack_variables: {}
    })
    expect(stack.created).toMatch(RFC3339)
  })

  it('accepts the legacy positional call create(org, name, operations, options)', async () => {
    const { client, org } = server
    const res = await client.stacks.create(
      org,
      'mystack026',
      [client.operations.rotate(47), client.operations.resize(120, 120)],
      { 'jpg.quality': 76 }
    )
    expect(res.statusCode).toBe(201)
    expect(res.body).toMatchObject({
      name: 'mystack026',
      stack_operations: [
        { name: 'rotate', options: { angle: 47 } },
        { name: 'resize', options: { width: 120, height: 120 } }
      ],
      stack_options: { 'jpg.quality': 76 }
    })
  })

  it('keeps stack expressions, operation expressions and variables', async () => {
    const { client, org } = server
    const expressions = [
      client.expressions.default('options.dpr >= 2', { 'jpg.quality': 60, 'webp.quality': 60 }),
      // the client's type knows option overrides only; rokka overrides variables as well
      { expression: 'image.width > 1000', overrides: { variables: { w: 400 } } } as never
    ]
    expect(expressions[0]).toEqual({
      expression: 'options.dpr >= 2',
      overrides: { options: { 'jpg.quality': 60, 'webp.quality': 60 } }
    })
    const res = await client.stacks.create(org, 'mystack_expressions', {
      operations: [
        { name: 'resize', options: { height: 100 }, expressions: { width: '$w * 2' } },
        client.operations.crop(50, 50, { anchor: 'center_center' }),
        client.operations.autorotate(),
        client.operations.noop()
      ],
      options: { autoformat: true, 'webp.quality': 80 },
      expressions,
      variables: { w: 150 }
    })
    expect(res.statusCode).toBe(201)
    expect(res.body.stack_expressions).toEqual(expressions)
    expect(res.body.stack_variables).toEqual({ w: 150 })
    expect(res.body.stack_options).toEqual({ autoformat: true, 'webp.quality': 80 })
    expect(res.body.stack_operations).toEqual([
      { name: 'resize', options: { height: 100 }, expressions: { width: '$w * 2' } },
      { name: 'crop', options: { width: 50, height: 50, anchor: 'center_center' } },
      { name: 'autorotate', options: {} },
      { name: 'noop', options: {} }
    ])
    const stored = await client.stacks.get(org, 'mystack_expressions')
    expect(stored.body.stack_expressions).toEqual(expressions)
  })

  it('overwrite=true replaces the stack and answers 200, keeping its creation date', async () => {
    const { client, org } = server
    const before = (await client.stacks.get(org, 'mystack')).body as Stack
    const res = await client.stacks.create(
      org,
      'mystack',
      { operations: [client.operations.resize(300, 200)], options: { 'jpg.quality': 76 } },
      { overwrite: true }
    )
    expect(res.statusCode).toBe(200)
    expect(res.body).toMatchObject({
      name: 'mystack',
      created: before.created,
      stack_operations: [{ name: 'resize', options: { width: 300, height: 200 } }],
      stack_options: { 'jpg.quality': 76 }
    })
    const after = await client.stacks.get(org, 'mystack')
    expect(after.body.stack_options).toEqual({ 'jpg.quality': 76 })

    // the legacy signature passes overwrite as the fifth argument
    const legacy = await client.stacks.create(
      org,
      'mystack',
      [client.operations.rotate(48)],
      {},
      true
    )
    expect(legacy.statusCode).toBe(200)
    expect(legacy.body.stack_operations).toEqual([{ name: 'rotate', options: { angle: 48 } }])
  })

  it('refuses to create an existing stack without overwrite (409), leaving it unchanged', async () => {
    const { client, org } = server
    const before = (await client.stacks.get(org, 'mystack026')).body as Stack
    const error = await failure(
      client.stacks.create(org, 'mystack026', { operations: [client.operations.noop()] }),
      409
    )
    expect(error.body.message).toContain('mystack026')
    expect((await client.stacks.get(org, 'mystack026')).body).toEqual(before)
  })

  it('refuses an unknown operation with 400 naming it', async () => {
    const { client, org } = server
    const error = await failure(
      client.stacks.create(org, 'bad-op', { operations: [{ name: 'sparkle', options: {} }] }),
      400
    )
    expect(error.body.message).toContain('sparkle')
    await failure(client.stacks.get(org, 'bad-op'), 404)
  })

  it('refuses unknown and out-of-range operation options with 400 naming them', async () => {
    const { client, org } = server
    const unknown = await failure(
      client.stacks.create(org, 'bad-option', {
        operations: [client.operations.resize(100, 100, { sharpness: 3 })]
      }),
      400
    )
    expect(unknown.body.message).toContain('sharpness')
    expect(unknown.body.message).toContain('resize')

    const range = await failure(
      client.stacks.create(org, 'bad-option', { operations: [client.operations.resize(0, 100)] }),
      400
    )
    expect(range.body.message).toBe(
      'Expected integer between 1 and 10000 for resize.width but received 0 of type number'
    )

    const missing = await failure(
      client.stacks.create(org, 'bad-option', { operations: [{ name: 'rotate', options: {} }] }),
      400
    )
    expect(missing.body.message).toContain('angle')
  })

  it('refuses unknown and invalid stack options with 400 naming them', async () => {
    const { client, org } = server
    const unknown = await failure(
      client.stacks.create(org, 'bad-stack-option', {
        operations: [],
        options: { 'jpg.qualty': 80 } as Record<string, number>
      }),
      400
    )
    expect(unknown.body.message).toContain('jpg.qualty')
    const range = await failure(
      client.stacks.create(org, 'bad-stack-option', {
        operations: [],
        options: { 'jpg.quality': 101 }
      }),
      400
    )
    expect(range.body.message).toContain('jpg.quality')
  })

  it('refuses reserved names with 400', async () => {
    const { client, org } = server
    await failure(client.stacks.create(org, 'dynamic', { operations: [] }), 400)
    await failure(client.stacks.create(org, '_reserved', { operations: [] }), 400)
  })
})

describe('stacks.get / list / delete', () => {
  it('get returns the stack with its link', async () => {
    const { client, org } = server
    const res = await client.stacks.get(org, 'mystack026')
    expect(res.statusCode).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual([...STACK_KEYS, 'link'].sort())
    expect(res.body.link).toBe(`/stacks/${org}/mystack026`)
    expect(res.body.stack_options).toEqual({ 'jpg.quality': 76 })
    await failure(client.stacks.get(org, 'no-such-stack'), 404)
  })

  it('list returns items only (no link), and pages with the returned cursor', async () => {
    const { client, org } = server
    for (const name of ['page-a', 'page-b', 'page-c']) {
      await client.stacks.create(org, name, { operations: [client.operations.noop()] })
    }
    const all = await client.stacks.list(org)
    expect(all.statusCode).toBe(200)
    expect(Object.keys(all.body)).toEqual(['items'])
    const names = (all.body.items as Stack[]).map((stack) => stack.name)
    expect(names).toEqual(
      expect.arrayContaining([
        'mystack',
        'mystack026',
        'mystack_expressions',
        'page-a',
        'page-b',
        'page-c'
      ])
    )
    for (const stack of all.body.items as Stack[]) {
      expect(Object.keys(stack).sort()).toEqual(STACK_KEYS)
      expect(stack.organization).toBe(org)
    }

    const paged: string[] = []
    let cursor: string | null = null
    for (let page = 0; page < 10; page++) {
      const res = await client.stacks.list(org, 2, cursor)
      expect(res.body.items.length).toBeLessThanOrEqual(2)
      paged.push(...(res.body.items as Stack[]).map((stack) => stack.name))
      if (!res.body.cursor) break
      cursor = res.body.cursor as string
    }
    expect(paged).toEqual(names)
  })

  it('delete answers 204; the stack is gone', async () => {
    const { client, org } = server
    await client.stacks.create(org, 'short-lived', { operations: [] })
    const res = await client.stacks.delete(org, 'short-lived')
    expect(res.statusCode).toBe(204)
    await failure(client.stacks.get(org, 'short-lived'), 404)
    await failure(client.stacks.delete(org, 'short-lived'), 404)
    const listed = await client.stacks.list(org)
    expect((listed.body.items as Stack[]).map((stack) => stack.name)).not.toContain('short-lived')
  })
})

describe('stack roles', () => {
  it('upload and read may list and get stacks, but not create or delete them (403)', async () => {
    const { client, org } = server
    const member = await client.memberships.createWithNewUser(org, [ROLES.UPLOAD, ROLES.READ])
    const memberClient = server.clientFor(member.body.api_key)
    expect((await memberClient.stacks.list(org)).statusCode).toBe(200)
    expect((await memberClient.stacks.get(org, 'mystack')).statusCode).toBe(200)
    await failure(memberClient.stacks.create(org, 'by-member', { operations: [] }), 403)
    await failure(
      memberClient.stacks.create(org, 'mystack', { operations: [] }, { overwrite: true }),
      403
    )
    await failure(memberClient.stacks.delete(org, 'mystack'), 403)
    expect((await client.stacks.get(org, 'mystack')).statusCode).toBe(200)
  })
})
