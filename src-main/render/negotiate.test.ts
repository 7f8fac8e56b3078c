import { describe, expect, it } from 'vitest'
import { negotiateFormat, type NegotiationInput } from './negotiate'

const chrome = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8'
const old = 'image/png,image/*;q=0.8'
const base: NegotiationInput = { requested: 'jpg', options: {}, accept: chrome, hasVisibleAlpha: false }

describe('negotiateFormat', () => {
  it('keeps the requested format without autoformat', () => {
    expect(negotiateFormat({ ...base, requested: 'png' })).toEqual({ format: 'png', lossless: false, variesOnAccept: false })
  })

  it('flattens JPEG onto jpg.transparency.color (white by default)', () => {
    expect(negotiateFormat({ ...base, hasVisibleAlpha: true }).flattenColour).toBe('FFFFFF')
    expect(negotiateFormat({ ...base, options: { 'jpg.transparency.color': '00FF00' } }).flattenColour).toBe('00FF00')
  })

  it('autoformat turns JPEG into lossy WebP and PNG into lossless WebP for WebP browsers', () => {
    const options = { autoformat: true }
    expect(negotiateFormat({ ...base, options })).toMatchObject({ format: 'webp', lossless: false, variesOnAccept: true })
    expect(negotiateFormat({ ...base, requested: 'png', options })).toMatchObject({ format: 'webp', lossless: true })
    expect(negotiateFormat({ ...base, requested: 'png', options: { autoformat: true, 'webp.quality': 70 } })).toMatchObject({ format: 'webp', lossless: false })
  })

  it('autoformat keeps the format for browsers without WebP, and still varies on Accept', () => {
    expect(negotiateFormat({ ...base, accept: old, options: { autoformat: true } })).toMatchObject({ format: 'jpg', variesOnAccept: true })
  })

  it('picks AVIF only when autoformat.include names it', () => {
    expect(negotiateFormat({ ...base, options: { autoformat: true } }).format).toBe('webp')
    expect(negotiateFormat({ ...base, options: { autoformat: true, 'autoformat.include': 'avif' } }).format).toBe('avif')
    expect(negotiateFormat({ ...base, options: { autoformat: true, 'autoformat.include': 'avif', 'autoformat.exclude': 'avif,webp' } }).format).toBe('jpg')
  })

  it('jpg.transparency.autoformat delivers alpha as WebP or PNG instead of flattening', () => {
    const options = { 'jpg.transparency.autoformat': 'true' }
    expect(negotiateFormat({ ...base, options, hasVisibleAlpha: true })).toMatchObject({ format: 'webp', variesOnAccept: true })
    expect(negotiateFormat({ ...base, accept: old, options, hasVisibleAlpha: true }).format).toBe('png')
    expect(negotiateFormat({ ...base, accept: '*/*', options, hasVisibleAlpha: true }).format).toBe('svg')
    expect(negotiateFormat({ ...base, accept: '*/*', options: { 'jpg.transparency.autoformat': 'png' }, hasVisibleAlpha: true }).format).toBe('png')
    expect(negotiateFormat({ ...base, options: { 'jpg.transparency.autoformat': 'png' }, hasVisibleAlpha: true }).format).toBe('png')
    expect(negotiateFormat({ ...base, options, hasVisibleAlpha: false }).format).toBe('jpg')
  })

  it('transparency.color flattens every format', () => {
    expect(negotiateFormat({ ...base, requested: 'png', options: { 'transparency.color': '000000' }, hasVisibleAlpha: true })).toMatchObject({ format: 'png', flattenColour: '000000' })
  })
})
