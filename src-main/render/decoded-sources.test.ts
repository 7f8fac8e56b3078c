import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { psdFile, referencePng } from '../../e2e/formats/format-files'
import { createDecodedSources, pdfPageOptions, type DecodedSourceRequest } from './decoded-sources'

let dir: string
let request: DecodedSourceRequest
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'darkroom-decoded-'))
  const file = join(dir, 'layers.psd')
  await writeFile(file, await psdFile(await referencePng()))
  request = {
    file,
    blob: 'b'.repeat(40),
    format: 'psd',
    page: {},
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    onAbort: () => new Error('stopped')
  }
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('decoded sources', () => {
  it('decodes a source once for concurrent and later renders', async () => {
    const sources = createDecodedSources()
    const first = sources.get(request)
    expect(sources.get(request)).toBe(first)
    const frame = await first
    expect(frame).toMatchObject({ width: 120, height: 80, channels: 4, pages: 1 })
    expect(sources.get(request)).toBe(first)
  })

  it('lets go of the least recently used pixels beyond its budget', async () => {
    const sources = createDecodedSources(120 * 80 * 4 + 1)
    const first = sources.get(request)
    await first
    const other = sources.get({ ...request, blob: 'c'.repeat(40) })
    await other
    // the second decode pushed the first out; asking again decodes again
    expect(sources.get({ ...request, blob: 'c'.repeat(40) })).toBe(other)
    expect(sources.get(request)).not.toBe(first)
  })

  it('keys PDF pixels by page and resolution', () => {
    expect(pdfPageOptions({ 'pdf.page': 2, 'pdf.dpi': 300, other: 1 })).toEqual({ page: 2, dpi: 300 })
    expect(pdfPageOptions({ 'pdf.page': 0, 'pdf.dpi': '300' })).toEqual({})
  })
})
