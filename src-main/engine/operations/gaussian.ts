import type { BlurOptions } from 'sharp'

/** The smallest sigma sharp's blur accepts; anything below it looks unblurred anyway. */
export const MIN_BLUR_SIGMA = 0.3

/**
 * sharp blur options for a Gaussian of `sigma` pixels whose kernel reaches out `radius` pixels.
 * ImageMagick (rokka's path for a non-zero radius) cuts its kernel at the radius; libvips cuts
 * where the curve falls below `minAmplitude`, so the radius is turned into that amplitude.
 * Radius 0 keeps `defaultAmplitude` (sharp's own default when not given).
 */
export const gaussianBlur = (sigma: number, radius = 0, defaultAmplitude?: number): BlurOptions => {
  const s = Math.max(MIN_BLUR_SIGMA, sigma)
  if (radius > 0) {
    const amplitude = Math.exp(-(radius * radius) / (2 * s * s))
    return { sigma: s, minAmplitude: Math.min(1, Math.max(0.001, amplitude)) }
  }
  return defaultAmplitude === undefined
    ? { sigma: s }
    : { sigma: s, minAmplitude: defaultAmplitude }
}
