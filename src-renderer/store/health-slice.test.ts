import { describe, expect, it } from 'vitest'
import type { DarkroomHealth } from '@shared/api/health'
import type { UploadHandle } from '../api/types'
import { damagedImages } from './health-slice'
import { fakeApi, flush, image, makeStore } from './testing'

const healthy: DarkroomHealth = {
  store: { state: 'ok', message: 'The store accepts new images.', since: null },
  render_cache: { state: 'ok', message: 'Renders are kept.', since: null },
  scrub: {
    objects: 3,
    checked: 1,
    passes: 0,
    percent_per_day: 10,
    last_run: null,
    last_pass: null,
    corrupt: [],
    missing: [],
    list_limit: 100,
    corrupt_total: 0,
    missing_total: 0,
    corrupt_images: 0,
    missing_images: 0
  }
}

const readOnly: DarkroomHealth = {
  ...healthy,
  store: {
    state: 'read_only',
    message: 'New images cannot be stored: the data folder is read-only.',
    since: '2026-01-01T00:00:00+00:00'
  }
}

const damaged: DarkroomHealth = {
  ...healthy,
  scrub: {
    ...healthy.scrub,
    corrupt: [
      {
        blob_hash: 'a'.repeat(40),
        found: '2026-01-01T00:00:00+00:00',
        images: [
          { organization: 'local', hash: '1'.repeat(40), name: 'one.jpg', deleted: false },
          { organization: 'local', hash: '2'.repeat(40), name: 'two.jpg', deleted: true }
        ]
      }
    ],
    missing: [
      {
        blob_hash: 'b'.repeat(40),
        found: '2026-01-02T00:00:00+00:00',
        images: [{ organization: 'local', hash: '3'.repeat(40), name: 'three.jpg', deleted: false }]
      }
    ],
    corrupt_total: 1,
    missing_total: 1,
    corrupt_images: 2,
    missing_images: 1
  }
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('health slice', () => {
  it('keeps the last answer, and keeps it on screen when a later question fails', async () => {
    const answers: (DarkroomHealth | Error)[] = [readOnly, new Error('Could not reach Darkroom.')]
    const store = makeStore(
      fakeApi({
        getHealth: async () => {
          const next = answers.shift()
          if (next instanceof Error) throw { code: 0, message: next.message }
          return next ?? healthy
        }
      })
    )
    await store.getState().loadHealth()
    expect(store.getState().health?.store.state).toBe('read_only')
    await store.getState().loadHealth()
    expect(store.getState().health?.store.state).toBe('read_only')
    expect(store.getState().healthError).toEqual({ code: 0, message: 'Could not reach Darkroom.' })
    await store.getState().loadHealth()
    expect(store.getState().health?.store.state).toBe('ok')
    expect(store.getState().healthError).toBeNull()
  })

  it('asks at once and then every poll interval until stopped', async () => {
    let asked = 0
    const store = makeStore(
      fakeApi({
        getHealth: async () => {
          asked += 1
          return healthy
        }
      }),
      { healthPollMs: 20 }
    )
    const stop = store.getState().followHealth()
    await flush()
    expect(asked).toBe(1)
    while (asked < 3) await wait(5)
    stop()
    const atStop = asked
    await wait(60)
    expect(asked).toBe(atStop)
  })

  it('does not ask while the studio is hidden, asks at once when it is shown again, and stops listening when told', async () => {
    let asked = 0
    let hidden = false
    const shownListeners = new Set<() => void>()
    const show = () => {
      hidden = false
      for (const listener of shownListeners) listener()
    }
    const store = makeStore(
      fakeApi({
        getHealth: async () => {
          asked += 1
          return healthy
        }
      }),
      {
        healthPollMs: 10,
        visibility: {
          isHidden: () => hidden,
          onShown: (listener) => {
            shownListeners.add(listener)
            return () => shownListeners.delete(listener)
          }
        }
      }
    )
    const stop = store.getState().followHealth()
    await flush()
    expect(asked).toBe(1)
    hidden = true
    const whenHidden = asked
    await wait(60)
    expect(asked).toBe(whenHidden)
    show() // asks synchronously: no poll can slip in before the count is read
    expect(asked).toBe(whenHidden + 1)
    stop()
    expect(shownListeners.size).toBe(0)
  })

  it('lists every image of a damaged original, corrupt ones first', () => {
    expect(damagedImages(null)).toEqual([])
    expect(damagedImages(healthy)).toEqual([])
    expect(
      damagedImages(damaged).map((image) => [image.name, image.damage, image.deleted])
    ).toEqual([
      ['one.jpg', 'corrupt', false],
      ['two.jpg', 'corrupt', true],
      ['three.jpg', 'missing', false]
    ])
  })

  it('asks about the store at once when an upload is refused for want of a writable store', async () => {
    let asked = 0
    const store = makeStore(
      fakeApi({
        findByBinaryHash: async () => [],
        uploadImage: (): UploadHandle => ({
          result: Promise.reject({ code: 503, message: 'The image store cannot accept writes.' }),
          abort: () => undefined
        }),
        getHealth: async () => {
          asked += 1
          return readOnly
        }
      })
    )
    await store.getState().enqueueUploads([{ file: new Blob(['x']), name: 'x.jpg' }])
    for (let turn = 0; turn < 20 && store.getState().health === null; turn += 1) await flush()
    expect(asked).toBe(1)
    expect(store.getState().uploads[0]?.status).toBe('failed')
    expect(store.getState().health?.store.state).toBe('read_only')
  })

  it('uploads a file again when the image it duplicates has a damaged original: that repairs it', async () => {
    let uploads = 0
    const answers = [damaged, healthy]
    const store = makeStore(
      fakeApi({
        findByBinaryHash: async () => [image('3'.repeat(40), { name: 'three.jpg' })],
        uploadImage: (): UploadHandle => {
          uploads += 1
          return { result: Promise.resolve(image('3'.repeat(40))), abort: () => undefined }
        },
        getHealth: async () => answers.shift() ?? healthy
      })
    )
    await store.getState().loadHealth()
    await store.getState().enqueueUploads([{ file: new Blob(['x']), name: 'three.jpg' }])
    for (let turn = 0; turn < 20 && store.getState().health !== healthy; turn += 1) await flush()
    expect(uploads).toBe(1)
    expect(store.getState().uploads[0]).toMatchObject({
      status: 'done',
      message: 'The damaged original is restored.'
    })
    expect(store.getState().health).toBe(healthy)
  })
})
