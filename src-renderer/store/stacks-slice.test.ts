import { describe, expect, it } from 'vitest'
import type { StackBody } from '../api/types'
import { fakeApi, makeStore, stack } from './testing'

describe('stacks slice', () => {
  it('lists stacks sorted and loads the operation catalog', async () => {
    const store = makeStore(
      fakeApi({
        listStacks: async () => [stack('zeta'), stack('alpha')],
        listOperations: async () => ({
          blur: { properties: { enabled: { type: 'boolean' } }, description: '' }
        }),
        getStackOptions: async () => ({ properties: { dpr: { type: 'number' } } })
      })
    )
    await Promise.all([store.getState().loadStacks(), store.getState().loadCatalog()])
    expect(store.getState().stacks.map((s) => s.name)).toEqual(['alpha', 'zeta'])
    expect(Object.keys(store.getState().operationSchemas)).toEqual(['blur'])
    expect(Object.keys(store.getState().stackOptionSchemas)).toEqual(['dpr'])
  })

  it('renames by writing a copy and deleting the original', async () => {
    const calls: string[] = []
    const store = makeStore(
      fakeApi({
        putStack: async (_org, name, body: StackBody, overwrite) => {
          calls.push(`put ${name} ${overwrite} ${body.operations.length}`)
          return stack(name, { stack_operations: body.operations })
        },
        deleteStack: async (_org, name) => {
          calls.push(`delete ${name}`)
        }
      })
    )
    store.setState({ stacks: [stack('old', { stack_operations: [{ name: 'blur' }] })] })
    expect(await store.getState().copyStack('old', 'new', true)).toBe(true)
    expect(calls).toEqual(['put new false 1', 'delete old'])
    expect(store.getState().stacks.map((s) => s.name)).toEqual(['new'])
  })

  it('keeps the original when the copy is refused', async () => {
    const store = makeStore(
      fakeApi({
        putStack: async () => {
          throw { code: 409, message: 'A stack named new already exists.' }
        }
      })
    )
    store.setState({ stacks: [stack('old')] })
    expect(await store.getState().copyStack('old', 'new', true)).toBe(false)
    expect(store.getState().stacks.map((s) => s.name)).toEqual(['old'])
    expect(store.getState().stacksError?.message).toBe('A stack named new already exists.')
  })
})
