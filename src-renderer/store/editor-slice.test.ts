import { describe, expect, it } from 'vitest'
import type { RenderedImage } from '../api/types'
import { fakeApi, flush, makeStore, stack } from './testing'

const rendered = (text: string): RenderedImage => ({
  blob: new Blob([text]),
  contentType: 'image/webp',
  bytes: text.length,
  milliseconds: 5
})

const resizeSchema = {
  properties: {
    width: { type: 'integer', minimum: 1, maximum: 10000 },
    height: { type: 'integer', minimum: 1, maximum: 10000 },
    enabled: { type: 'boolean', default: true }
  },
  oneOf: ['width', 'height'],
  description: ''
} as const

describe('editor slice', () => {
  it('edits a draft: add, set, reorder, toggle, remove', () => {
    const store = makeStore(fakeApi())
    const s = () => store.getState()
    s().newStack('thumbs')
    s().addOperation('resize')
    s().addOperation('grayscale')
    const [resize, gray] = s().draft?.operations ?? []
    s().setOperationValue(resize?.id ?? '', 'width', '200')
    s().moveOperation(gray?.id ?? '', 0)
    s().toggleOperation(resize?.id ?? '')
    expect(s().draft?.operations.map((o) => [o.name, o.enabled])).toEqual([
      ['grayscale', true],
      ['resize', false]
    ])
    expect(s().draft?.operations[1]?.values).toEqual({ width: '200' })
    s().removeOperation(gray?.id ?? '')
    expect(s().draft?.operations.map((o) => o.name)).toEqual(['resize'])
    expect(s().draftDirty).toBe(true)
  })

  it('shows only the newest preview even when an older render finishes last', async () => {
    const finish: Record<string, (value: RenderedImage) => void> = {}
    const decoded: string[] = []
    const released: string[] = []
    const store = makeStore(
      fakeApi({
        fetchRender: (url) => new Promise((resolve) => (finish[url] = resolve))
      }),
      {
        decodeImage: async (blob) => {
          const url = `blob:${await blob.text()}`
          decoded.push(url)
          return { url, width: 200, height: 100 }
        },
        releaseImage: (url) => released.push(url)
      }
    )
    store.getState().requestPreview('/old.jpg')
    await flush()
    store.getState().requestPreview('/new.jpg')
    await flush()
    finish['/new.jpg']?.(rendered('new'))
    finish['/old.jpg']?.(rendered('old'))
    await flush()
    await flush()
    const preview = store.getState().preview
    expect(preview).toMatchObject({ renderUrl: '/new.jpg', objectUrl: 'blob:new', width: 200 })
    expect(preview?.contentType).toBe('image/webp')
    expect(decoded).toEqual(['blob:new'])
    expect(store.getState().previewPending).toBe(false)
  })

  it('aborts the render in flight when a newer one is asked for', async () => {
    const signals: AbortSignal[] = []
    const store = makeStore(
      fakeApi({
        fetchRender: (_url, signal) => {
          signals.push(signal)
          return new Promise(() => undefined)
        }
      })
    )
    store.getState().requestPreview('/a.jpg')
    await flush()
    store.getState().requestPreview('/b.jpg')
    expect(signals[0]?.aborted).toBe(true)
  })

  it('refuses to save invalid values and says how many', async () => {
    const store = makeStore(fakeApi())
    store.setState({ operationSchemas: { resize: resizeSchema } })
    store.getState().newStack('bad')
    store.getState().addOperation('resize')
    const id = store.getState().draft?.operations[0]?.id ?? ''
    store.getState().setOperationValue(id, 'width', '0')
    expect(await store.getState().saveDraft()).toBe(false)
    expect(store.getState().editorError?.message).toBe('Fix 1 invalid value(s) first.')
  })

  it('saves a new stack, then overwrites it on the next save', async () => {
    const puts: string[] = []
    const store = makeStore(
      fakeApi({
        putStack: async (_org, name, body, overwrite) => {
          puts.push(`${name} ${overwrite} ${JSON.stringify(body.operations)}`)
          return stack(name, { stack_operations: body.operations })
        }
      })
    )
    store.setState({ operationSchemas: { resize: resizeSchema } })
    store.getState().newStack('thumbs')
    store.getState().addOperation('resize')
    const id = store.getState().draft?.operations[0]?.id ?? ''
    store.getState().setOperationValue(id, 'width', '300')
    expect(await store.getState().saveDraft()).toBe(true)
    expect(await store.getState().saveDraft()).toBe(true)
    expect(puts).toEqual([
      'thumbs false [{"name":"resize","options":{"width":300}}]',
      'thumbs true [{"name":"resize","options":{"width":300}}]'
    ])
    expect(store.getState().draftDirty).toBe(false)
  })

  it('opens a saved stack as a draft with expressions in brackets', () => {
    const store = makeStore(fakeApi())
    store.setState({
      stacks: [
        stack('s', {
          stack_operations: [
            {
              name: 'resize',
              options: { width: 10, enabled: false },
              expressions: { height: '$h' }
            }
          ],
          stack_options: { 'jpg.quality': 70 }
        })
      ]
    })
    store.getState().editStack('s')
    const draft = store.getState().draft
    expect(draft?.operations[0]).toMatchObject({
      enabled: false,
      values: { width: '10', height: '[$h]' }
    })
    expect(draft?.options).toEqual({ 'jpg.quality': '70' })
  })
})
