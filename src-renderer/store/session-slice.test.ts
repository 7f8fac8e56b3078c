import { describe, expect, it } from 'vitest'
import { fakeApi, makeStore } from './testing'

describe('session slice', () => {
  it('trades the one-time token for a session and lists memberships', async () => {
    const seen: string[] = []
    const store = makeStore(
      fakeApi({
        openSession: async (token) => {
          seen.push(token)
          return {
            token: 'jwt',
            organization: 'local',
            apiUrl: 'http://127.0.0.1:9',
            renderBaseUrl: 'http://127.0.0.1:9/render'
          }
        },
        listMemberships: async () => [
          {
            organization: 'local',
            organization_id: '1',
            display_name: 'Local',
            roles: ['admin'],
            active: true,
            created: ''
          }
        ]
      })
    )
    store.setState({ status: 'idle', org: '' })
    await store.getState().connect('once')
    const state = store.getState()
    expect(seen).toEqual(['once'])
    expect(state.status).toBe('ready')
    expect(state.org).toBe('local')
    expect(state.renderBaseUrl).toBe('http://127.0.0.1:9/render')
    expect(state.memberships.map((m) => m.organization)).toEqual(['local'])
  })

  it('fails with the server message when the token is refused', async () => {
    const store = makeStore(
      fakeApi({
        openSession: async () => {
          throw { code: 401, message: 'This link was already used.' }
        }
      })
    )
    await store.getState().connect('used')
    expect(store.getState().status).toBe('failed')
    expect(store.getState().sessionError).toEqual({
      code: 401,
      message: 'This link was already used.'
    })
  })

  it('asks for the link when the page has no token', async () => {
    const store = makeStore(fakeApi())
    await store.getState().connect(null)
    expect(store.getState().status).toBe('failed')
    expect(store.getState().sessionError?.message).toMatch(/one-time link/)
  })

  it('resumes the session kept from before a reload when the page has no token', async () => {
    const resumed: string[] = []
    const kept = {
      token: 'kept-jwt',
      organization: 'local',
      apiUrl: 'http://127.0.0.1:9',
      renderBaseUrl: 'http://127.0.0.1:9/render'
    }
    const store = makeStore(
      fakeApi({
        resumeSession: (session) => {
          resumed.push(session.token)
          return session
        },
        listMemberships: async () => []
      }),
      { savedSession: { load: () => kept, save: () => undefined, forget: () => undefined } }
    )
    store.setState({ status: 'idle', org: '', renderBaseUrl: '' })
    await store.getState().connect(null)
    expect(resumed).toEqual(['kept-jwt'])
    expect(store.getState().status).toBe('ready')
    expect(store.getState().renderBaseUrl).toBe('http://127.0.0.1:9/render')
  })

  it('forgets a kept session the server refuses and asks for the link', async () => {
    let forgotten = 0
    const store = makeStore(
      fakeApi({
        resumeSession: (session) => session,
        listMemberships: async () => {
          throw { code: 401, message: 'Token expired.' }
        }
      }),
      {
        savedSession: {
          load: () => ({ token: 't', organization: 'local', apiUrl: '', renderBaseUrl: '' }),
          save: () => undefined,
          forget: () => void (forgotten += 1)
        }
      }
    )
    await store.getState().connect(null)
    expect(forgotten).toBe(1)
    expect(store.getState().status).toBe('failed')
    expect(store.getState().sessionError?.message).toMatch(/one-time link/)
  })

  it('switching organization reloads images and stacks of the new one', async () => {
    const orgs: string[] = []
    const store = makeStore(
      fakeApi({
        listImages: async (org) => {
          orgs.push(`images:${org}`)
          return { total: 0, items: [], links: {} }
        },
        listStacks: async (org) => {
          orgs.push(`stacks:${org}`)
          return []
        }
      })
    )
    await store.getState().switchOrg('other')
    expect(store.getState().org).toBe('other')
    expect(orgs.sort()).toEqual(['images:other', 'stacks:other'])
  })
})
