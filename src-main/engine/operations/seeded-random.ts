/** A deterministic source of random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max] (both included). */
  int(min: number, max: number): number
  /** A float in [min, max). */
  range(min: number, max: number): number
  /** A normally distributed float with mean 0 and standard deviation 1. */
  gaussian(): number
}

/** A 32-bit FNV-1a hash of `text`, to turn a string into a seed. */
export const hashSeed = (text: string): number => {
  let hash = 0x811c9dc5
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0
  return hash
}

/**
 * A generator seeded with `seed`: the same seed always yields the same sequence. A counter
 * stepped by the golden-ratio constant, scrambled by a murmur-style finaliser.
 */
export const createRandom = (seed: number): Random => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    z ^= z >>> 16
    return (z >>> 0) / 0x100000000
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    range: (min, max) => min + next() * (max - min),
    gaussian: () => {
      // Box–Muller; 1 - next() keeps the logarithm finite
      const radius = Math.sqrt(-2 * Math.log(1 - next()))
      return radius * Math.cos(2 * Math.PI * next())
    }
  }
}
