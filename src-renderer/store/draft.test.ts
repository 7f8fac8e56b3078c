import { describe, expect, it } from 'vitest'
import { operationSpecs } from '@shared/operations'
import { stackOptionsSchema } from '@shared/stack-options'
import { compileDraft, emptyDraft, operationFieldId, type StackDraft } from './draft'

const schemas = Object.fromEntries(operationSpecs.map((spec) => [spec.name, spec.schema]))
const options = stackOptionsSchema.properties

describe('compileDraft', () => {
  it('types values, keeps expressions apart and leaves disabled operations out of the preview', () => {
    const draft: StackDraft = {
      ...emptyDraft('s'),
      operations: [
        { id: 'a', name: 'resize', enabled: true, values: { width: '200', height: '[$h * 2]' } },
        { id: 'b', name: 'blur', enabled: false, values: { sigma: '3' } }
      ],
      options: { 'jpg.quality': '70', autoformat: true }
    }
    const compiled = compileDraft(draft, schemas, options)
    expect(compiled.errors).toEqual({})
    expect(compiled.body.operations).toEqual([
      { name: 'resize', options: { width: 200 }, expressions: { height: '$h * 2' } },
      { name: 'blur', options: { sigma: 3, enabled: false } }
    ])
    expect(compiled.body.options).toEqual({ 'jpg.quality': 70, autoformat: true })
    expect(compiled.previewOperations.map((o) => o.name)).toEqual(['resize'])
  })

  it('flags out-of-range numbers, bad choices, bad expressions and missing required options', () => {
    const draft: StackDraft = {
      ...emptyDraft('s'),
      operations: [
        { id: 'a', name: 'resize', enabled: true, values: { width: '0', mode: 'stretch' } },
        { id: 'b', name: 'rotate', enabled: true, values: {} },
        { id: 'c', name: 'resize', enabled: true, values: { height: '[1 +]' } }
      ],
      options: { 'jpg.quality': '101' }
    }
    const { errors } = compileDraft(draft, schemas, options)
    expect(errors[operationFieldId('a', 'width')]).toBe('Must be between 1 and 10000.')
    expect(errors[operationFieldId('a', 'mode')]).toBe('Must be one of box, absolute, fill.')
    expect(errors[operationFieldId('b', 'angle')]).toBe('Required.')
    expect(errors[operationFieldId('c', 'height')]).toBeDefined()
    expect(errors['options.jpg.quality']).toBe('Must be between 1 and 100.')
  })

  it('asks for one of width and height on resize', () => {
    const draft: StackDraft = {
      ...emptyDraft('s'),
      operations: [{ id: 'a', name: 'resize', enabled: true, values: {} }]
    }
    expect(compileDraft(draft, schemas, options).errors).toEqual({
      'a.width': 'Set at least one of width, height.'
    })
  })
})
