import { glitch } from '../../../src-shared/operations/glitch'
import type { Operation } from '../operation'
import { glitchPage } from './glitch-effects'
import { readOptions } from './option-reader'
import { mapPages } from './page-map'
import { createRandom, hashSeed } from './seeded-random'

/**
 * `glitch`: a digital-glitch look of strength `amount` (0–10, default 4; 0 changes nothing):
 * colour channels pulled apart, rows torn sideways, blocks out of place, colour-swapped bands.
 * Every choice is seeded by `amount` and the `random` string, so the same options always give
 * the same picture and another `random` another one. Size and alpha stay. Each frame of an
 * animation glitches differently.
 */
export const glitchOperation: Operation = {
  spec: glitch,
  apply: async (ctx, options) => {
    const read = readOptions(glitch, options)
    const amount = Math.round(read.number('amount') ?? 4)
    if (amount <= 0) return
    const seed = read.string('random') ?? ''
    await mapPages(ctx, async (page, index) =>
      glitchPage(page, amount, createRandom(hashSeed(`glitch ${amount} ${index} ${seed}`)))
    )
  }
}
