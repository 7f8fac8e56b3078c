/** Summary of repeated measurements of one figure. */
export interface Summary {
  n: number
  median: number
  p25: number
  p75: number
  p95: number
  p99: number
  min: number
  max: number
}

/** The q-quantile (0–1) of sorted values, interpolated linearly between neighbours. */
export const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) throw new Error('quantile of no values')
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q))
  const low = Math.floor(at)
  const high = Math.ceil(at)
  const a = sorted[low] as number
  const b = sorted[high] as number
  return a + (b - a) * (at - low)
}

export const summarize = (values: readonly number[]): Summary => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number
  }
}

/**
 * Ratios of paired measurements (side A over side B, taken in the same round), summarised. Pairing
 * rounds keeps a noisy moment from landing on one side only.
 */
export const pairedRatios = (a: readonly number[], b: readonly number[]): Summary => {
  if (a.length !== b.length || a.length === 0) throw new Error('paired ratios need equal, non-empty series')
  return summarize(a.map((value, i) => value / (b[i] as number)))
}

/** Whether `value` meets a target: at most (`max`) or at least (`min`). */
export interface Target {
  kind: 'max' | 'min'
  value: number
}

export const meets = (value: number, target: Target): boolean =>
  target.kind === 'max' ? value <= target.value : value >= target.value

/** How far `value` misses `target`, as a fraction of the target (0 when met). */
export const shortfall = (value: number, target: Target): number => {
  if (meets(value, target)) return 0
  return Math.abs(value - target.value) / target.value
}
