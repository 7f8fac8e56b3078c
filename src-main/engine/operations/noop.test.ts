import { describe, expect, it } from 'vitest'
import { noop } from '../../../src-shared/operations/noop'
import { contextFor, imageDistance, makeQuadrants, renderedPng } from '../testing/images'
import { noopOperation } from './noop'

describe('noop', () => {
  it('is registered under rokka’s name with the published schema', () => {
    expect(noopOperation.spec).toBe(noop)
    expect(noopOperation.spec.name).toBe('noop')
  })

  it('changes neither the pixels nor the area mapping', async () => {
    const input = await makeQuadrants(60, 40)
    const ctx = await contextFor(input)
    await noopOperation.apply(ctx, {})
    expect(await ctx.size()).toEqual({ width: 60, height: 40 })
    expect(await imageDistance(await renderedPng(ctx), input)).toBe(0)
    expect(ctx.mapFromSource({ x: 1, y: 2, width: 3, height: 4 })).toEqual({
      x: 1,
      y: 2,
      width: 3,
      height: 4
    })
  })
})
