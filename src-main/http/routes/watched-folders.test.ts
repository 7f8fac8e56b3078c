import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../testing/test-app'

let t: TestApp
let folder: string

beforeAll(async () => {
  t = await createTestApp()
  await t.services.watch.start()
  folder = await mkdtemp(join(tmpdir(), 'darkroom-watch-api-'))
  await writeFile(join(folder, 'notes.txt'), 'not a folder')
})
afterAll(async () => {
  await t.close()
  await rm(folder, { recursive: true, force: true })
})

const call = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  key: string | null = t.apiKey
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(key ? { 'api-key': key } : {}), 'content-type': 'application/json' },
    payload: body === undefined ? undefined : JSON.stringify(body)
  })

describe('/_darkroom/watched-folders', () => {
  it('refuses bad folders with a 4xx and a message that says what is wrong', async () => {
    const cases: [unknown, number, string][] = [
      [{ organization: 'local' }, 400, 'path must be the absolute path'],
      [{ path: 'relative/dir', organization: 'local' }, 400, 'must be absolute'],
      [{ path: join(folder, 'missing'), organization: 'local' }, 400, 'does not exist'],
      [{ path: join(folder, 'notes.txt'), organization: 'local' }, 400, 'is not a folder'],
      [{ path: t.dataDir, organization: 'local' }, 400, "inside Darkroom's own data folder"],
      [{ path: folder, organization: 'nope' }, 403, 'no access to organization "nope"'],
      [{ path: folder, organization: 'local', include: ['*.{jpg'] }, 400, 'unclosed'],
      [{ path: folder, organization: 'local', user_metadata: { 'int:n': 'x' } }, 400, 'expects']
    ]
    for (const [body, status, message] of cases) {
      const res = await call('POST', '/_darkroom/watched-folders', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(status)
      expect(res.json().message).toContain(message)
    }
    expect(
      (
        await call(
          'POST',
          '/_darkroom/watched-folders',
          { path: folder, organization: 'local' },
          null
        )
      ).statusCode
    ).toBe(403)
  })

  it('lets only an admin choose a folder to watch: a write key may not make Darkroom read the disk', async () => {
    const member = await call('POST', '/organizations/local/memberships', { roles: ['write'] })
    expect(member.statusCode).toBe(201)
    const writerKey = (member.json() as { api_key: string }).api_key
    const refused = await call('POST', '/_darkroom/watched-folders', { path: folder, organization: 'local' }, writerKey)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().message).toContain('needs the "admin" role')
    expect((await call('GET', '/_darkroom/watched-folders')).json().total).toBe(0)
  })

  it('adds, lists, updates, pauses, resumes and removes a folder', async () => {
    const added = await call('POST', '/_darkroom/watched-folders', {
      path: folder,
      organization: 'local',
      recursive: false,
      user_metadata: { project: 'spring-campaign' }
    })
    expect(added.statusCode).toBe(201)
    const created = added.json()
    expect(created).toMatchObject({
      path: folder,
      organization: 'local',
      recursive: false,
      trash_on_delete: false,
      transient: false,
      user_metadata: { project: 'spring-campaign' },
      counts: { imported: 0, known: 0, skipped: 0, failed: 0 }
    })
    expect(['starting', 'watching']).toContain(created.state)
    const again = await call('POST', '/_darkroom/watched-folders', {
      path: folder,
      organization: 'local'
    })
    expect(again.statusCode).toBe(409)

    const list = (await call('GET', '/_darkroom/watched-folders')).json()
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([created.id])
    expect(list.journal).toBe(0)

    const updated = await call('PATCH', `/_darkroom/watched-folders/${created.id}`, {
      trash_on_delete: true,
      exclude: ['drafts/**']
    })
    expect(updated.json()).toMatchObject({
      trash_on_delete: true,
      exclude: ['drafts/**'],
      recursive: false
    })
    expect(
      (await call('PATCH', `/_darkroom/watched-folders/${created.id}`, { path: '/elsewhere' }))
        .statusCode
    ).toBe(400)

    expect(
      (await call('POST', `/_darkroom/watched-folders/${created.id}/pause`)).json().state
    ).toBe('paused')
    expect((await call('GET', `/_darkroom/watched-folders/${created.id}`)).json().state).toBe(
      'paused'
    )
    expect(['starting', 'watching']).toContain(
      (await call('POST', `/_darkroom/watched-folders/${created.id}/resume`)).json().state
    )

    const activity = (
      await call('GET', `/_darkroom/watched-folders/${created.id}/activity?limit=2`)
    ).json()
    expect(activity.items).toHaveLength(2)
    expect(activity.items[0].seq).toBeGreaterThan(activity.items[1].seq)

    expect((await call('DELETE', `/_darkroom/watched-folders/${created.id}`)).statusCode).toBe(204)
    const gone = await call('GET', `/_darkroom/watched-folders/${created.id}`)
    expect(gone.statusCode).toBe(404)
    expect(gone.json().message).toContain('There is no watched folder')
  })

  it('answers 404 for the origins of an image that does not exist', async () => {
    const res = await call('GET', '/_darkroom/sourceimages/local/abcdef123456/origins')
    expect(res.statusCode).toBe(404)
  })
})
