import { describe, expect, it } from 'vitest'
import { expressionInUrlValue } from './url-expression'

describe('expressionInUrlValue', () => {
  it.each([
    ['[image.detection_face.height*1.5]', 'image.detection_face.height*1.5'],
    ['%5Bimage.width%2F2%5D', 'image.width/2'],
    ['%5bimage.width%5d', 'image.width'],
    ['[]', ''],
    ['%5B%E0%5D', '%E0'],
    ['200', null],
    ['[200', null],
    ['face', null],
    ['a[1]', null]
  ])('%j → %j', (value, expected) => {
    expect(expressionInUrlValue(value)).toBe(expected)
  })
})
