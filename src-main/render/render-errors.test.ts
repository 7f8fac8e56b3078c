import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { renderFailure } from './render-errors'

describe('renderFailure', () => {
  it("turns libvips' own pixel limit into a 400 and leaves other errors as they are", async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#888' } }).png().toBuffer()
    const refused = await sharp(png, { limitInputPixels: 100 }).jpeg().toBuffer().catch((error: unknown) => error)
    const mapped = renderFailure(refused)
    expect(mapped).toBeInstanceOf(AppError)
    expect((mapped as AppError).status).toBe(400)
    expect((mapped as AppError).message).toMatch(/more pixels than Darkroom decodes/)

    const other = new Error('something else broke')
    expect(renderFailure(other)).toBe(other)
    const own = new AppError('bad_request', 400, 'mine')
    expect(renderFailure(own)).toBe(own)
  })
})
