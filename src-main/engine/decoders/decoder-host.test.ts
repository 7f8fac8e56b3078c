import { afterAll, describe, expect, it } from 'vitest'
import { isAppError } from '../../errors'
import { DecoderHost } from './decoder-host'
import { encodeJxl } from './jxl-codec'

const host = new DecoderHost()
afterAll(() => host.close())

const jxl = (width: number, height: number) =>
  encodeJxl({ data: new Uint8Array(width * height * 4).fill(90), width, height }, { quality: 80, effort: 1 })

const codeOf = async (work: Promise<unknown>): Promise<{ code: string; status: number; message: string }> => {
  try {
    await work
  } catch (error) {
    if (!isAppError(error)) throw error
    return { code: error.code, status: error.status, message: error.message }
  }
  throw new Error('expected a refusal')
}

describe('DecoderHost', () => {
  it('decodes in its own process', async () => {
    const pixels = await host.decode(
      { kind: 'decode', format: 'jxl', bytes: await jxl(33, 21), maxPixels: 1e6 },
      { timeoutMs: 20_000, label: 'JPEG XL' }
    )
    expect(pixels).toMatchObject({ width: 33, height: 21, channels: 4 })
    expect(pixels.data.length).toBe(33 * 21 * 4)
    expect(pixels.data[0]).toBe(90)
  })

  it('turns a decoder refusal into a 400 with its message', async () => {
    const bytes = Buffer.from([0xff, 0x0a, 0xfa, 0x1f, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(await codeOf(host.decode({ kind: 'decode', format: 'jxl', bytes, maxPixels: 1e9 }, { timeoutMs: 20_000, label: 'JPEG XL' }))).toMatchObject({
      code: 'invalid_image',
      status: 400,
      message: expect.stringMatching(/^The JPEG XL file is truncated or damaged/)
    })
  })

  it('checks the declared size before decoding', async () => {
    const bytes = await jxl(300, 200)
    expect(await codeOf(host.decode({ kind: 'decode', format: 'jxl', bytes, maxPixels: 50_000 }, { timeoutMs: 20_000, label: 'JPEG XL' }))).toMatchObject({
      code: 'image_too_large',
      message: 'The image is 300 × 200 pixels (0.1 megapixels); JPEG XL images may have at most 0.1 megapixels.'
    })
  })

  it('kills a job that outlives its deadline, and the next job gets a fresh process', async () => {
    const bytes = await jxl(64, 64)
    const slow = host.decode({ kind: 'decode', format: 'jxl', bytes, maxPixels: 1e6 }, { timeoutMs: 1, label: 'JPEG XL' })
    expect(await codeOf(slow)).toMatchObject({
      code: 'image_too_large',
      message: expect.stringMatching(/^Decoding the JPEG XL file took longer than .* s; it is too complex for Darkroom to process\.$/)
    })
    const next = await host.decode({ kind: 'decode', format: 'jxl', bytes, maxPixels: 1e6 }, { timeoutMs: 20_000, label: 'JPEG XL' })
    expect(next).toMatchObject({ width: 64, height: 64 })
  })

  it('kills a job whose process grows past the memory cap (Linux)', async (context) => {
    if (process.platform !== 'linux') context.skip()
    const tight = new DecoderHost({ memoryBytes: 1024 * 1024 })
    try {
      const job = tight.decode({ kind: 'decode', format: 'jxl', bytes: await jxl(512, 512), maxPixels: 1e8 }, { timeoutMs: 20_000, label: 'JPEG XL' })
      expect(await codeOf(job)).toMatchObject({
        code: 'image_too_large',
        message: 'Decoding the JPEG XL file needs more than 1 MB of memory; it is too large for Darkroom to process.'
      })
    } finally {
      tight.close()
    }
  })

  it('stops a job when its caller aborts, with the caller’s error', async () => {
    const controller = new AbortController()
    const job = host.decode(
      { kind: 'decode', format: 'jxl', bytes: await jxl(64, 64), maxPixels: 1e6 },
      { timeoutMs: 20_000, label: 'JPEG XL', signal: controller.signal, onAbort: () => new Error('render stopped') }
    )
    controller.abort()
    await expect(job).rejects.toThrow('render stopped')
  })
})
