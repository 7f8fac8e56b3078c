import { describe, expect, it } from 'vitest'
import type { ImageQuery } from '../api/types'
import { fakeApi, flush, hashOf, image, makeStore } from './testing'

describe('images slice', () => {
  it('loads the first page with search, filters and sort as rokka parameters', async () => {
    const queries: ImageQuery[] = []
    const store = makeStore(
      fakeApi({
        listImages: async (_org, query) => {
          queries.push(query)
          return {
            total: 3,
            items: [image(hashOf('a'))],
            links: { next: { href: '/sourceimages/local?limit=200&offset=200' } }
          }
        }
      })
    )
    await store.getState().setQuery({
      search: 'beach user:str:project=spring',
      format: 'png',
      sort: 'name asc',
      from: '2026-01-01'
    })
    expect(queries[0]).toMatchObject({
      name_text: 'beach',
      'user:str:project': 'spring',
      format: 'png',
      sort: 'name asc',
      created: '[2026-01-01T00:00:00Z,]',
      limit: '200'
    })
    expect(store.getState().images).toHaveLength(1)
    expect(store.getState().nextOffset).toBe('200')
  })

  it('appends the next page and stops at the last one', async () => {
    const store = makeStore(
      fakeApi({
        listImages: async (_org, query) =>
          query.offset === undefined
            ? { total: 2, items: [image(hashOf('a'))], links: { next: { href: '/x?offset=c1' } } }
            : { total: 2, items: [image(hashOf('b'))], links: {} }
      })
    )
    await store.getState().loadImages()
    await store.getState().loadMore()
    expect(store.getState().images.map((item) => item.hash)).toEqual([hashOf('a'), hashOf('b')])
    expect(store.getState().nextOffset).toBeNull()
  })

  it('drops the answer of an older listing that arrives after a newer one', async () => {
    const answers: ((hash: string) => void)[] = []
    const store = makeStore(
      fakeApi({
        listImages: () =>
          new Promise((resolve) =>
            answers.push((hash) => resolve({ total: 1, items: [image(hash)], links: {} }))
          )
      })
    )
    const first = store.getState().setQuery({ search: 'old' })
    const second = store.getState().setQuery({ search: 'new' })
    answers[1]?.(hashOf('b'))
    await second
    answers[0]?.(hashOf('a'))
    await first
    expect(store.getState().images.map((item) => item.hash)).toEqual([hashOf('b')])
  })

  it('asks for deleted images in the trash and restores one', async () => {
    let deleted: string | undefined
    const store = makeStore(
      fakeApi({
        listImages: async (_org, query) => {
          deleted = query.deleted
          return { total: 1, items: [image(hashOf('a'), { deleted: true })], links: {} }
        },
        restoreImage: async (_org, hash) => image(hash)
      })
    )
    await store.getState().setQuery({ trash: true })
    expect(deleted).toBe('true')
    await store.getState().restoreImage(hashOf('a'))
    expect(store.getState().images).toEqual([])
    expect(store.getState().toasts.at(-1)?.message).toMatch(/Restored/)
  })

  it('keeps the server message when listing fails', async () => {
    const store = makeStore(
      fakeApi({
        listImages: async () => {
          throw { code: 400, message: 'Unknown search field nope.' }
        }
      })
    )
    await store.getState().setQuery({ search: 'width=abc' })
    await flush()
    expect(store.getState().imagesError).toEqual({
      code: 400,
      message: 'Unknown search field nope.'
    })
    expect(store.getState().imagesLoading).toBe(false)
  })
})
