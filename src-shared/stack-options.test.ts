import { describe, expect, it } from 'vitest'
import { isStackOptionName, stackOptionSchemaByName, stackOptionsSchema } from './stack-options'

describe('stack options schema', () => {
  it('lists every stack option of the API reference', () => {
    expect(Object.keys(stackOptionsSchema.properties).sort()).toEqual(
      [
        'basestack',
        'optim.quality',
        'jpg.quality',
        'webp.quality',
        'heif.quality',
        'avif.quality',
        'jxl.quality',
        'gif.quality',
        'jp2.quality',
        'av1.quality',
        'webm.quality',
        'mp4.quality',
        'pngquant.quality',
        'png.compression_level',
        'interlacing.mode',
        'source_file',
        'remote_fullurl_allow',
        'remote_fullurl_whitelist',
        'remote_basepath',
        'autoformat',
        'autoformat.exclude',
        'autoformat.include',
        'dpr',
        'content_disposition',
        'optim.disable_all',
        'optim.immediate',
        'optim.ttl_shared',
        'transparency.color',
        'jpg.transparency.color',
        'jpg.transparency.autoformat',
        'jpg.transparency.convert',
        'timing_origin',
        'timestamp',
        'fps',
        'dpi',
        'pdf.dpi',
        'pdf.page',
        'min_video_width',
        'min_video_height',
        'protected'
      ].sort()
    )
  })

  it('publishes the recorded shapes', () => {
    const p = stackOptionsSchema.properties
    expect(p['jpg.quality']).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 80 })
    expect(p['jxl.quality']).toEqual({ type: 'integer', minimum: 1, maximum: 100, default: 70 })
    expect(p.basestack).toEqual({
      type: ['string', 'null'],
      default: null,
      pattern: '[a-z0-9\\-_]+'
    })
    expect(p.remote_fullurl_whitelist).toEqual({
      type: 'array',
      items: { type: 'string' },
      default: null
    })
    expect(p['interlacing.mode'].values).toEqual(['none', 'line', 'plane', 'partition'])
    expect(p.dpr).toEqual({ type: 'number', minimum: 1, maximum: 10, default: 1 })
  })

  it('has defaults inside their own ranges and value lists', () => {
    for (const [key, option] of Object.entries(stackOptionsSchema.properties)) {
      const value: unknown = 'default' in option ? option.default : undefined
      if (typeof value === 'number' && 'minimum' in option) {
        expect(value, key).toBeGreaterThanOrEqual(option.minimum)
        expect(value, key).toBeLessThanOrEqual(option.maximum)
      }
      if (typeof value === 'string' && 'values' in option) {
        expect(option.values, key).toContain(value)
      }
    }
  })

  it('looks options up by name without inherited members', () => {
    expect(stackOptionSchemaByName('dpr')).toBe(stackOptionsSchema.properties.dpr)
    expect(stackOptionSchemaByName('constructor')).toBeUndefined()
    expect(isStackOptionName('jpg.quality')).toBe(true)
    expect(isStackOptionName('jpeg.quality')).toBe(false)
  })
})
