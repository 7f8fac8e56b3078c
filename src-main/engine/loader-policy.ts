import sharp from 'sharp'

/**
 * The libvips loaders Darkroom trusts with uploaded bytes: the formats it accepts, each a
 * well-fuzzed decoder. SVG only from memory, where librsvg has no base folder to read files
 * next to it from. Every other loader (the `vips` format, and any untrusted one a libvips build
 * may bring, such as ImageMagick, PDF or matrix files) stays blocked.
 */
export const TRUSTED_LOADERS = [
  'VipsForeignLoadJpeg',
  'VipsForeignLoadPng',
  'VipsForeignLoadWebp',
  'VipsForeignLoadNsgif',
  'VipsForeignLoadHeif',
  'VipsForeignLoadTiff',
  'VipsForeignLoadSvgBuffer'
] as const

/** Blocks every libvips loader but {@link TRUSTED_LOADERS}, process-wide; safe to call again. */
export const restrictImageLoaders = (): void => {
  sharp.block({ operation: ['VipsForeignLoad'] })
  sharp.unblock({ operation: [...TRUSTED_LOADERS] })
}
