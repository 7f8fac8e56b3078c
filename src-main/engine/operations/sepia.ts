import type { Matrix3x3 } from 'sharp'
import { sepia } from '../../../src-shared/operations/sepia'
import { step, type Operation } from '../operation'

/** The usual sepia recombination: each output channel is a weighted sum of R, G and B. */
export const SEPIA_MATRIX: Matrix3x3 = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131]
]

/**
 * `sepia`: a warm brown tone, by recombining the colour channels with `SEPIA_MATRIX` (values
 * above 255 clip, so white turns a light cream). Alpha is kept; grey input becomes sRGB.
 */
export const sepiaOperation: Operation = {
  spec: sepia,
  apply: (ctx) => step(ctx, (image) => image.recomb(SEPIA_MATRIX))
}
