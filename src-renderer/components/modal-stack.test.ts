import { describe, expect, it } from 'vitest'
import { modalStack } from './modal-stack'

const dialog = (name: string) => ({ name }) as unknown as HTMLDialogElement

describe('modal stack', () => {
  it('names the innermost open dialog and tells listeners of every change', () => {
    const outer = dialog('outer')
    const inner = dialog('inner')
    const seen: (HTMLDialogElement | null)[] = []
    const stop = modalStack.subscribe(() => seen.push(modalStack.top()))
    modalStack.push(outer)
    modalStack.push(inner)
    modalStack.remove(outer)
    modalStack.remove(outer)
    modalStack.remove(inner)
    stop()
    modalStack.push(outer)
    modalStack.remove(outer)
    expect(seen).toEqual([outer, inner, inner, null])
  })
})
