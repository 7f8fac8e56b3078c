import { describe, expect, it } from 'vitest'
import {
  isOperationName,
  listOperationSchemas,
  operationSpecByName,
  operationSpecs,
  type OperationSchema,
  type OptionSchema
} from './index'
import { resize } from './resize'

const allowedOptionKeys = [
  'type',
  'minimum',
  'maximum',
  'default',
  'values',
  'pattern',
  'items',
  'description'
]

const typesOf = (option: OptionSchema): readonly string[] =>
  typeof option.type === 'string' ? [option.type] : option.type

/** Whether `value` is acceptable for `option` by rokka's rules (default values must be). */
const fitsOption = (option: OptionSchema, value: unknown): boolean => {
  if (value === null) return true
  const types = typesOf(option)
  const typeOk = types.some((type) =>
    type === 'integer' ? Number.isInteger(value) : typeof value === type
  )
  if (!typeOk) return false
  if (typeof value === 'number') {
    if (option.minimum !== undefined && value < option.minimum) return false
    if (option.maximum !== undefined && value > option.maximum) return false
  }
  if (typeof value === 'string') {
    if (option.values !== undefined && !option.values.includes(value)) return false
    if (option.pattern !== undefined && !new RegExp(option.pattern).test(value)) return false
  }
  return true
}

describe('operation specs', () => {
  it('lists the operations in rokka order', () => {
    expect(operationSpecs.map((spec) => spec.name)).toEqual([
      'resize',
      'rotate',
      'autorotate',
      'dropshadow',
      'trim',
      'noop',
      'crop',
      'composition',
      'blur',
      'primitive',
      'grayscale',
      'sepia',
      'modulate',
      'alpha',
      'glitch',
      'circlemask',
      'multiply',
      'sharpen',
      'text'
    ])
  })

  it.each(operationSpecs.map((spec) => [spec.name, spec] as const))(
    '%s has the published shape',
    (_name, spec) => {
      const schema: OperationSchema = spec.schema
      expect(schema.properties.enabled).toEqual({
        type: 'boolean',
        default: true,
        description: 'If set to false, will not use this operation for rendering.'
      })
      expect(typeof schema.description).toBe('string')
      expect(
        Object.keys(schema).every((key) =>
          ['properties', 'required', 'oneOf', 'description'].includes(key)
        )
      ).toBe(true)
      for (const [key, option] of Object.entries(schema.properties)) {
        expect(
          Object.keys(option).filter((k) => !allowedOptionKeys.includes(k)),
          key
        ).toEqual([])
        expect(option.description, key).toMatch(/\S/)
        if ('default' in option) expect(fitsOption(option, option.default), key).toBe(true)
        if (option.minimum !== undefined && option.maximum !== undefined) {
          expect(option.minimum, key).toBeLessThan(option.maximum)
        }
        if (option.pattern !== undefined)
          expect(() => new RegExp(option.pattern ?? '', 'u')).not.toThrow()
      }
      for (const key of [...(schema.required ?? []), ...(schema.oneOf ?? [])]) {
        expect(Object.keys(schema.properties)).toContain(key)
      }
    }
  )

  it('gives resize the at-least-one rule instead of required, and the others a required list', () => {
    expect(resize.schema.oneOf).toEqual(['width', 'height'])
    expect('required' in resize.schema).toBe(false)
    for (const spec of operationSpecs.filter((s) => s.name !== 'resize')) {
      expect(Array.isArray(spec.schema.required), spec.name).toBe(true)
      expect('oneOf' in spec.schema, spec.name).toBe(false)
    }
  })

  it('keeps the required options rokka documents', () => {
    const required = Object.fromEntries(
      operationSpecs.map((spec) => [spec.name, operationSpecByName(spec.name)?.schema.required])
    )
    expect(required).toMatchObject({
      rotate: ['angle'],
      crop: ['width', 'height'],
      text: ['font', 'text'],
      blur: []
    })
  })

  it('is plain JSON data', () => {
    expect(JSON.parse(JSON.stringify(operationSpecs))).toEqual(operationSpecs)
  })

  it('finds specs by name, and nothing for unknown or inherited names', () => {
    expect(operationSpecByName('resize')).toBe(resize)
    expect(operationSpecByName('addframes')).toBeUndefined()
    expect(operationSpecByName('constructor')).toBeUndefined()
    expect(operationSpecByName('toString')).toBeUndefined()
    expect(isOperationName('crop')).toBe(true)
    expect(isOperationName('Crop')).toBe(false)
  })

  it('builds the GET /operations body keyed by name in listing order', () => {
    const listing = listOperationSchemas()
    expect(Object.keys(listing)).toEqual(operationSpecs.map((spec) => spec.name))
    expect(listing.resize).toBe(resize.schema)
  })

  it('uses anchor and colour patterns that accept the documented forms', () => {
    const anchor = new RegExp(
      operationSpecByName('crop')?.schema.properties.anchor?.pattern ?? '$^'
    )
    for (const value of ['auto', 'center_center', 'left-top', '15_65', 'right_bottom', '10000_0']) {
      expect(anchor.test(value), value).toBe(true)
    }
    const colour = new RegExp(
      operationSpecByName('rotate')?.schema.properties.background_color?.pattern ?? '$^'
    )
    expect(colour.test('0F0f0F')).toBe(true)
    expect(colour.test('0F0')).toBe(false)
  })
})
