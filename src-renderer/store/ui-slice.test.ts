import { describe, expect, it } from 'vitest'
import { fakeApi, makeStore } from './testing'

describe('ui slice', () => {
  it('switches views and keeps the last few messages', () => {
    const store = makeStore(fakeApi())
    store.getState().setView('stacks')
    for (let n = 1; n <= 6; n += 1) store.getState().notify(`m${n}`, 'info')
    expect(store.getState().view).toBe('stacks')
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['m3', 'm4', 'm5', 'm6'])
    store.getState().dismissToast(store.getState().toasts[0]?.id ?? 0)
    expect(store.getState().toasts).toHaveLength(3)
  })
})
