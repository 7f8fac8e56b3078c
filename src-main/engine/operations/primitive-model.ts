import { mutateShape, outlineOf, randomShape, type Shape, type ShapeKind } from './primitive-shapes'
import { rasterizePolygon } from './primitive-raster'
import { createRandom } from './seeded-random'

/** An RGB colour, 0–255 a channel. */
export interface Rgb {
  r: number
  g: number
  b: number
}

/** The image as shapes: a flat background and translucent shapes drawn over it in order. */
export interface Approximation {
  width: number
  height: number
  background: Rgb
  /** Opacity every shape is drawn with, 0–1. */
  alpha: number
  shapes: Array<{ shape: Shape; colour: Rgb }>
}

/** How hard to search; the work is fixed by these, so the result is too. */
export interface SearchEffort {
  /** Random shapes tried before climbing from the best of them. */
  candidates: number
  /** Failed nudges in a row after which a shape is taken as it is. */
  patience: number
  /** Most nudges tried for one shape. */
  maxSteps: number
}

/** Shapes are drawn half transparent, so that they blend into each other. */
const ALPHA = 128 / 255

interface Candidate {
  shape: Shape
  runs: number[]
  colour: Rgb
  /** Change of the squared error if the shape were drawn; negative is better. */
  delta: number
}

const meanOf = (pixels: Uint8Array): Rgb => {
  const sums = [0, 0, 0]
  for (let i = 0; i < pixels.length; i += 1) sums[i % 3] = (sums[i % 3] ?? 0) + (pixels[i] ?? 0)
  const count = Math.max(1, pixels.length / 3)
  const [r = 0, g = 0, b = 0] = sums.map((sum) => Math.round(sum / count))
  return { r, g, b }
}

/**
 * Approximates `target` (RGB, `width` × `height`) with `count` shapes of the given kinds by
 * hill climbing: for each shape, the best of some random ones is nudged while that lowers the
 * squared error, its colour always the best one for where it lies. Seeded, so the same input
 * gives the same shapes. `beforeShape` runs before each shape (to stop on a deadline).
 */
export const approximate = (
  target: Uint8Array,
  width: number,
  height: number,
  options: {
    count: number
    kinds: readonly ShapeKind[]
    seed: number
    effort: SearchEffort
    beforeShape?: () => void
  }
): Approximation => {
  const random = createRandom(options.seed)
  const background = meanOf(target)
  const current = new Uint8ClampedArray(target.length)
  for (let i = 0; i < current.length; i += 3) {
    current[i] = background.r
    current[i + 1] = background.g
    current[i + 2] = background.b
  }

  const evaluate = (shape: Shape): Candidate => {
    const runs = rasterizePolygon(outlineOf(shape), width, height)
    const sums = [0, 0, 0]
    let count = 0
    for (let k = 0; k < runs.length; k += 3) {
      const row = (runs[k] ?? 0) * width
      for (let x = runs[k + 1] ?? 0; x <= (runs[k + 2] ?? -1); x += 1) {
        const i = (row + x) * 3
        for (let c = 0; c < 3; c += 1) {
          sums[c] = (sums[c] ?? 0) + (target[i + c] ?? 0) - (1 - ALPHA) * (current[i + c] ?? 0)
        }
        count += 1
      }
    }
    if (count === 0) return { shape, runs, colour: background, delta: Infinity }
    const [r = 0, g = 0, b = 0] = sums.map((sum) =>
      Math.min(255, Math.max(0, Math.round(sum / (ALPHA * count))))
    )
    const colour = [r, g, b]
    let delta = 0
    for (let k = 0; k < runs.length; k += 3) {
      const row = (runs[k] ?? 0) * width
      for (let x = runs[k + 1] ?? 0; x <= (runs[k + 2] ?? -1); x += 1) {
        const i = (row + x) * 3
        for (let c = 0; c < 3; c += 1) {
          const want = target[i + c] ?? 0
          const have = current[i + c] ?? 0
          const blended = have + ((colour[c] ?? 0) - have) * ALPHA
          delta += (want - blended) ** 2 - (want - have) ** 2
        }
      }
    }
    return { shape, runs, colour: { r, g, b }, delta }
  }

  const draw = ({ runs, colour }: Candidate): void => {
    const rgb = [colour.r, colour.g, colour.b]
    for (let k = 0; k < runs.length; k += 3) {
      const row = (runs[k] ?? 0) * width
      for (let x = runs[k + 1] ?? 0; x <= (runs[k + 2] ?? -1); x += 1) {
        const i = (row + x) * 3
        for (let c = 0; c < 3; c += 1) {
          const have = current[i + c] ?? 0
          current[i + c] = have + ((rgb[c] ?? 0) - have) * ALPHA
        }
      }
    }
  }

  const { candidates, patience, maxSteps } = options.effort
  const shapes: Approximation['shapes'] = []
  for (let n = 0; n < options.count; n += 1) {
    options.beforeShape?.()
    const kind = options.kinds[random.int(0, options.kinds.length - 1)] ?? 'triangle'
    let best = evaluate(randomShape(kind, width, height, random))
    for (let i = 1; i < candidates; i += 1) {
      const candidate = evaluate(randomShape(kind, width, height, random))
      if (candidate.delta < best.delta) best = candidate
    }
    for (let step = 0, failures = 0; step < maxSteps && failures < patience; step += 1) {
      const candidate = evaluate(mutateShape(best.shape, width, height, random))
      if (candidate.delta < best.delta) {
        best = candidate
        failures = 0
      } else {
        failures += 1
      }
    }
    if (best.delta < 0) {
      draw(best)
      shapes.push({ shape: best.shape, colour: best.colour })
    }
  }
  return { width, height, background, alpha: ALPHA, shapes }
}
