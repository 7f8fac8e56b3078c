import { describe, expect, it } from 'vitest'
import { meets, pairedRatios, quantile, shortfall, summarize } from './stats'

describe('benchmark statistics', () => {
  it('interpolates quantiles between neighbours', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25)
    expect(quantile([10, 20, 30, 40], 0)).toBe(10)
    expect(quantile([10, 20, 30, 40], 1)).toBe(40)
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20)
    expect(quantile([7], 0.99)).toBe(7)
    expect(() => quantile([], 0.5)).toThrow(/no values/)
  })

  it('summarises unsorted samples', () => {
    const summary = summarize([5, 1, 4, 2, 3])
    expect(summary).toMatchObject({ n: 5, median: 3, p25: 2, p75: 4, min: 1, max: 5 })
    expect(summary.p95).toBeCloseTo(4.8)
    expect(summary.p99).toBeCloseTo(4.96)
  })

  it('takes ratios round by round, not of the medians', () => {
    // side A is twice as fast in every round although the rounds differ a lot
    const ratios = pairedRatios([20, 200, 2000], [10, 100, 1000])
    expect(ratios.median).toBe(2)
    expect(ratios.min).toBe(2)
    expect(ratios.max).toBe(2)
    expect(() => pairedRatios([1, 2], [1])).toThrow(/equal/)
  })

  it('tells met targets and by how much others are missed', () => {
    expect(meets(1.1, { kind: 'max', value: 1.15 })).toBe(true)
    expect(meets(1.2, { kind: 'max', value: 1.15 })).toBe(false)
    expect(meets(0.95, { kind: 'min', value: 0.9 })).toBe(true)
    expect(shortfall(0.95, { kind: 'min', value: 0.9 })).toBe(0)
    expect(shortfall(0.45, { kind: 'min', value: 0.9 })).toBeCloseTo(0.5)
    expect(shortfall(30, { kind: 'max', value: 20 })).toBeCloseTo(0.5)
  })
})
