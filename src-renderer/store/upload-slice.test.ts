import { describe, expect, it } from 'vitest'
import type { UploadHandle } from '../api/types'
import { batchProgress } from './upload-slice'
import { fakeApi, hashOf, image, makeStore } from './testing'

const file = (text: string) => new Blob([text])
const hashFile = async (blob: Blob) => (await blob.text()).padEnd(40, '0')

describe('upload slice', () => {
  it('uploads, reports progress and adds the image to the library', async () => {
    const progress: number[] = []
    const store = makeStore(
      fakeApi({
        findByBinaryHash: async () => [],
        uploadImage: (_org, blob, name, onProgress): UploadHandle => {
          onProgress(2, blob.size)
          progress.push(store.getState().uploads[0]?.loaded ?? -1)
          return { result: Promise.resolve(image(hashOf('a'), { name })), abort: () => undefined }
        }
      }),
      { hashFile }
    )
    await store.getState().enqueueUploads([{ file: file('abcd'), name: 'a.jpg' }])
    const [item] = store.getState().uploads
    expect(progress).toEqual([2])
    expect(item).toMatchObject({ status: 'done', hash: hashOf('a'), loaded: 4 })
    expect(store.getState().images.map((i) => i.name)).toEqual(['a.jpg'])
  })

  it('says a file is a duplicate instead of uploading it again', async () => {
    let uploads = 0
    const store = makeStore(
      fakeApi({
        findByBinaryHash: async () => [image(hashOf('a'), { name: 'old.jpg' })],
        uploadImage: () => {
          uploads += 1
          return { result: Promise.reject(new Error('no')), abort: () => undefined }
        }
      }),
      { hashFile }
    )
    await store.getState().enqueueUploads([{ file: file('same'), name: 'new.jpg' }])
    expect(uploads).toBe(0)
    expect(store.getState().uploads[0]).toMatchObject({
      status: 'duplicate',
      message: 'Already here as old.jpg.'
    })
  })

  it('recognises the same file twice in one batch', async () => {
    const store = makeStore(
      fakeApi({
        findByBinaryHash: async () => [],
        uploadImage: (_org, _blob, name) => ({
          result: Promise.resolve(image(hashOf('c'), { name })),
          abort: () => undefined
        })
      }),
      { hashFile }
    )
    await store.getState().enqueueUploads([
      { file: file('x'), name: 'one.jpg' },
      { file: file('x'), name: 'two.jpg' }
    ])
    expect(
      store
        .getState()
        .uploads.map((u) => u.status)
        .sort()
    ).toEqual(['done', 'duplicate'])
  })

  it('shows why a file failed and goes on with the others', async () => {
    const store = makeStore(
      fakeApi({
        findByBinaryHash: async () => [],
        uploadImage: (_org, _blob, name) => ({
          result:
            name === 'bad.txt'
              ? Promise.reject({
                  code: 400,
                  message: 'The file is not an image Darkroom can read.'
                })
              : Promise.resolve(image(hashOf('d'), { name })),
          abort: () => undefined
        })
      }),
      { hashFile }
    )
    await store.getState().enqueueUploads([
      { file: file('bad'), name: 'bad.txt' },
      { file: file('good'), name: 'good.jpg' }
    ])
    const byName = Object.fromEntries(store.getState().uploads.map((u) => [u.name, u]))
    expect(byName['bad.txt']).toMatchObject({
      status: 'failed',
      message: 'The file is not an image Darkroom can read.'
    })
    expect(byName['good.jpg']?.status).toBe('done')
    expect(batchProgress(store.getState().uploads)).toBe(1)
  })

  it('recognises an image hash that comes back already known', async () => {
    const store = makeStore(
      fakeApi({
        findByBinaryHash: async () => {
          throw { code: 500, message: 'search down' }
        },
        uploadImage: () => ({ result: Promise.resolve(image(hashOf('e'))), abort: () => undefined })
      }),
      { hashFile }
    )
    store.setState({ images: [image(hashOf('e'))] })
    await store.getState().enqueueUploads([{ file: file('e'), name: 'e.jpg' }])
    expect(store.getState().uploads[0]?.status).toBe('duplicate')
    expect(store.getState().images).toHaveLength(1)
  })

  it('counts batch progress over all files', () => {
    expect(
      batchProgress([
        { id: 1, name: 'a', size: 100, loaded: 50, status: 'uploading', message: '' },
        { id: 2, name: 'b', size: 100, loaded: 0, status: 'failed', message: 'x' }
      ])
    ).toBe(0.75)
  })
})
