import { describe, expect, it } from 'vitest'
import { renderRootOf } from './rokka-client'

describe('renderRootOf', () => {
  it('drops the organization the server put on the render base', () => {
    expect(renderRootOf('http://127.0.0.1:9/render/local', 'local')).toBe(
      'http://127.0.0.1:9/render'
    )
  })

  it('keeps a base that is already the root', () => {
    expect(renderRootOf('http://127.0.0.1:9/render/', 'local')).toBe('http://127.0.0.1:9/render')
  })
})
