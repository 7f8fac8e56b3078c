import { describe, expect, it } from 'vitest'
import { fakeApi, hashOf, image, makeStore } from './testing'

describe('detail slice', () => {
  it('follows the new hash after setting a subject area', async () => {
    const old = image(hashOf('a'))
    const moved = image(hashOf('b'), {
      dynamic_metadata: { subject_area: { x: 1, y: 2, width: 3, height: 4 } }
    })
    const store = makeStore(
      fakeApi({
        setSubjectArea: async () => moved.hash,
        getImage: async (_org, hash) => (hash === moved.hash ? moved : old)
      })
    )
    store.setState({ images: [old] })
    await store.getState().showImage(old.hash)
    expect(await store.getState().setSubjectArea({ x: 1, y: 2, width: 3, height: 4 })).toBe(true)
    expect(store.getState().detail?.hash).toBe(moved.hash)
    expect(store.getState().images.map((item) => item.hash)).toEqual([moved.hash])
  })

  it('keeps the server message when a locked image refuses to be deleted', async () => {
    const locked = image(hashOf('c'), { locked: true })
    const store = makeStore(
      fakeApi({
        deleteImage: async () => {
          throw { code: 423, message: 'The image is locked.' }
        }
      })
    )
    store.setState({ images: [locked] })
    await store.getState().showImage(locked.hash)
    expect(await store.getState().deleteImage()).toBe(false)
    expect(store.getState().detailError?.message).toBe('The image is locked.')
    expect(store.getState().images).toHaveLength(1)
  })

  it('deletes, renames and locks through the api', async () => {
    const calls: string[] = []
    const target = image(hashOf('d'))
    const store = makeStore(
      fakeApi({
        renameImage: async (_o, _h, name) => void calls.push(`name ${name}`),
        setLocked: async (_o, _h, locked) => void calls.push(`locked ${locked}`),
        getImage: async () => target,
        deleteImage: async () => void calls.push('delete')
      })
    )
    store.setState({ images: [target] })
    await store.getState().showImage(target.hash)
    await store.getState().renameImage('x.jpg')
    await store.getState().setLocked(true)
    await store.getState().deleteImage()
    expect(calls).toEqual(['name x.jpg', 'locked true', 'delete'])
    expect(store.getState().detail).toBeNull()
    expect(store.getState().images).toEqual([])
  })
})
