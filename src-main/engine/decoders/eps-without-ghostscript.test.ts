import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeSource } from './decode-source'
import { probeDecoded } from './probe-decoded'

// This file runs in a process of its own: without a PATH, `gs` cannot be found.
process.env.PATH = ''

let dir: string
let file: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-eps-'))
  file = join(dir, 'drawing.eps')
  await writeFile(file, '%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 150 90\n%%EndComments\n0 0 1 setrgbcolor 0 0 150 90 rectfill showpage\n')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('EPS where Ghostscript is not installed', () => {
  it('still accepts the upload, sized from its bounding box', async () => {
    expect(await probeDecoded(file, { kind: 'image', format: 'eps', mimetype: 'application/postscript', label: 'EPS' })).toMatchObject({
      format: 'eps',
      width: 150,
      height: 90,
      entropy: null
    })
  })

  it('answers a render with a 400 that says the renderer is missing', async () => {
    await expect(decodeSource(file, 'eps', {}, { maxPixels: 1e8, timeoutMs: 10_000 })).rejects.toMatchObject({
      status: 400,
      code: 'unsupported_format',
      message: expect.stringMatching(/^The EPS renderer is not installed/)
    })
  })
})
