import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** A figure a hardening test measured: a count, a size, a duration or a short fact. */
export type Figures = Record<string, number | string | boolean>

/**
 * Records what a test with a test-plan ID measured, for the reliability report
 * (`npm run test:reliability`). Outside that run (no DARKROOM_FIGURES_DIR) it does nothing.
 */
export const recordFigures = (id: string, figures: Figures): void => {
  const dir = process.env.DARKROOM_FIGURES_DIR
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}-${process.pid}-${Date.now()}.json`)
  writeFileSync(file, JSON.stringify({ id, figures }))
}
