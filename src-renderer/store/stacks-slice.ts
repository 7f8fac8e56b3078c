import type { Stack } from '@shared/api/stacks'
import type { OperationSchema, OptionSchema } from '@shared/operations'
import { toUiError } from '../api/errors'
import type { StackBody, UiError } from '../api/types'
import type { SliceCreator, StoreDeps } from './types'

export interface StacksSlice {
  stacks: Stack[]
  stacksLoading: boolean
  stacksError: UiError | null
  /** `GET /operations`, in the order the server lists them. */
  operationSchemas: Record<string, OperationSchema>
  /** `GET /stackoptions` properties. */
  stackOptionSchemas: Record<string, OptionSchema>
  loadStacks: () => Promise<void>
  loadCatalog: () => Promise<void>
  saveStack: (name: string, body: StackBody, overwrite: boolean) => Promise<Stack | null>
  deleteStack: (name: string) => Promise<boolean>
  /** Writes a copy of `from` as `to`; with `removeOriginal` that is a rename. */
  copyStack: (from: string, to: string, removeOriginal: boolean) => Promise<boolean>
}

export const bodyOfStack = (stack: Stack): StackBody => ({
  operations: stack.stack_operations,
  options: stack.stack_options,
  expressions: stack.stack_expressions,
  variables: stack.stack_variables,
  ...(stack.description === undefined ? {} : { description: stack.description })
})

const byName = (a: Stack, b: Stack) => a.name.localeCompare(b.name)

export const createStacksSlice =
  ({ api }: StoreDeps): SliceCreator<StacksSlice> =>
  (set, get) => {
    const fail = (thrown: unknown) => {
      set({ stacksError: toUiError(thrown), stacksLoading: false })
    }
    const remember = (stack: Stack) =>
      set((state) => ({
        stacks: [...state.stacks.filter((item) => item.name !== stack.name), stack].sort(byName)
      }))

    return {
      stacks: [],
      stacksLoading: false,
      stacksError: null,
      operationSchemas: {},
      stackOptionSchemas: {},
      loadStacks: async () => {
        const org = get().org
        set({ stacksLoading: true, stacksError: null })
        try {
          const stacks = await api.listStacks(org)
          if (get().org === org) set({ stacks: stacks.sort(byName), stacksLoading: false })
        } catch (thrown) {
          fail(thrown)
        }
      },
      loadCatalog: async () => {
        try {
          const [operationSchemas, stackOptions] = await Promise.all([
            api.listOperations(),
            api.getStackOptions()
          ])
          set({ operationSchemas, stackOptionSchemas: { ...stackOptions.properties } })
        } catch (thrown) {
          fail(thrown)
        }
      },
      saveStack: async (name, body, overwrite) => {
        set({ stacksError: null })
        try {
          const stack = await api.putStack(get().org, name, body, overwrite)
          remember(stack)
          return stack
        } catch (thrown) {
          fail(thrown)
          return null
        }
      },
      deleteStack: async (name) => {
        set({ stacksError: null })
        try {
          await api.deleteStack(get().org, name)
          set((state) => ({ stacks: state.stacks.filter((stack) => stack.name !== name) }))
          return true
        } catch (thrown) {
          fail(thrown)
          return false
        }
      },
      copyStack: async (from, to, removeOriginal) => {
        const source = get().stacks.find((stack) => stack.name === from)
        if (source === undefined) return false
        const copy = await get().saveStack(to, bodyOfStack(source), false)
        if (copy === null) return false
        return removeOriginal ? get().deleteStack(from) : true
      }
    }
  }
