import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, type InvokeChannel } from '../../src-shared/ipc/contract'
import { notFound } from '../errors'
import { dispatchInvoke, type InvokeHandlers } from './ipc-dispatch'

const ORIGIN = 'http://127.0.0.1:41234'
const STUDIO = `${ORIGIN}/studio/`

const fakeHandlers = (): InvokeHandlers => ({
  'server:get-info': vi.fn(async () => ({
    apiUrl: ORIGIN,
    renderBaseUrl: `${ORIGIN}/render/local`,
    organization: 'local',
    version: '0.1.0',
    dataDir: '/data'
  })),
  'dialog:pick-images': vi.fn(async () => ['/pictures/a.jpg']),
  'dialog:pick-folder': vi.fn(async () => null)
})

const send = (
  channel: InvokeChannel,
  args: unknown[],
  senderUrl: string | undefined = STUDIO,
  handlers = fakeHandlers()
) => dispatchInvoke({ channel, senderUrl, args }, ORIGIN, handlers)

describe('S12: dispatchInvoke', () => {
  it('answers the studio with the handler value', async () => {
    expect(await send('dialog:pick-images', [])).toEqual({ ok: true, value: ['/pictures/a.jpg'] })
    expect(await send('dialog:pick-folder', [undefined])).toEqual({ ok: true, value: null })
    expect(await send('server:get-info', [])).toMatchObject({
      ok: true,
      value: { organization: 'local' }
    })
  })

  it.each(INVOKE_CHANNELS.map((channel) => [channel]))(
    '%s refuses other frames without running the handler',
    async (channel) => {
      for (const sender of [
        undefined,
        'https://example.com/studio/',
        `${ORIGIN}/`,
        'http://127.0.0.1:1/studio/',
        'file:///index.html'
      ]) {
        const handlers = fakeHandlers()
        const result = await dispatchInvoke(
          { channel, senderUrl: sender, args: [] },
          ORIGIN,
          handlers
        )
        expect(result).toMatchObject({ ok: false, error: { code: 403, reason: 'forbidden' } })
        expect(handlers[channel]).not.toHaveBeenCalled()
      }
    }
  )

  it.each([
    [
      'a path',
      ['../../etc/passwd'],
      'Expected no argument for dialog:pick-images but received ../../etc/passwd of type string'
    ],
    [
      'an object',
      [{ defaultPath: '/etc' }],
      'Expected no argument for dialog:pick-images but received {"defaultPath":"/etc"} of type object'
    ],
    ['null', [null], 'Expected no argument for dialog:pick-images but received null of type null'],
    [
      'two arguments',
      [1, 2],
      'Expected no argument for dialog:pick-images but received [1,2] of type array'
    ],
    [
      'a huge string',
      ['x'.repeat(1_000_000)],
      `Expected no argument for dialog:pick-images but received ${'x'.repeat(80)}… of type string`
    ]
  ])('refuses %s as payload with an exact message', async (_name, args, message) => {
    const handlers = fakeHandlers()
    const result = await send('dialog:pick-images', args, STUDIO, handlers)
    expect(result).toEqual({
      ok: false,
      error: { code: 400, reason: 'bad_request', message, error: { code: 400, message } }
    })
    expect(handlers['dialog:pick-images']).not.toHaveBeenCalled()
  })

  it('returns AppErrors as data', async () => {
    const handlers = {
      ...fakeHandlers(),
      'dialog:pick-folder': async () => {
        throw notFound('No folder.')
      }
    }
    expect(await send('dialog:pick-folder', [], STUDIO, handlers)).toMatchObject({
      ok: false,
      error: { code: 404, reason: 'not_found', message: 'No folder.' }
    })
  })

  it('hides unexpected errors behind a generic message and logs them', async () => {
    const log = vi.fn()
    const boom = new Error('secret internals')
    const handlers = {
      ...fakeHandlers(),
      'server:get-info': async () => {
        throw boom
      }
    }
    const result = await dispatchInvoke(
      { channel: 'server:get-info', senderUrl: STUDIO, args: [] },
      ORIGIN,
      handlers,
      log
    )
    expect(result).toMatchObject({ ok: false, error: { code: 500, reason: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('secret internals')
    expect(log).toHaveBeenCalledWith(boom)
  })
})
