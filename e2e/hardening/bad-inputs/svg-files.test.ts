import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { useHeadlessTarget } from '../support/target-server'
import { useCountingServer } from '../support/counting-server'
import { peakGrowthDuring } from '../support/process-memory'
import { recordFigures } from '../support/figures'

const target = useHeadlessTarget()
const fixture = useCountingServer({
  body: Buffer.from('89504e470d0a1a0a', 'hex') // whatever is fetched; nothing should be
})

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex')

const svgOf = (body: string, size = 'width="100" height="100"', prolog = '') =>
  `${prolog}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${size}><rect width="100" height="100" fill="#00ff00"/>${body}</svg>`

const uploadSvg = async (svg: string) => {
  const answer = await target.uploadFile(Buffer.from(svg), 'drawing.svg', 'image/svg+xml')
  return answer
}

const hashOf = (answer: { json<T>(): T }) => answer.json<{ items: { hash: string }[] }>().items[0]?.hash as string

/** Renders to raw RGB pixels, asserting a 200. */
const renderPixels = async (hash: string, format = 'png') => {
  const answer = await target.send(`/render/local/dynamic/resize-width-100/${hash}.${format}`, { deadlineMs: 30_000 })
  expect(answer.status, answer.text()).toBe(200)
  return sharp(answer.body).removeAlpha().raw().toBuffer({ resolveWithObject: true })
}

/** True when every pixel is the green background (nothing the SVG pulled in was drawn). */
const isAllGreen = (data: Buffer) => {
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] !== 0 || data[i + 1] !== 255 || data[i + 2] !== 0) return false
  }
  return true
}

describe('hostile SVG (test plan 5.3)', () => {
  it('B15: SVG with <script>, onload, javascript: link and foreignObject → stored; served back sandboxed; raster render unaffected', async () => {
    const svg = svgOf(
      '<script>alert(document.domain)</script><a href="javascript:alert(1)"><rect width="10" height="10" fill="#00ff00"/></a>' +
        '<foreignObject width="100" height="100"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"/></body></foreignObject>',
      'width="100" height="100" onload="alert(1)"'
    )
    const answer = await uploadSvg(svg)
    expect(answer.status, answer.text()).toBe(201)
    const hash = hashOf(answer)
    const download = await target.send(`/sourceimages/local/${hash}/download`, { headers: { 'api-key': target.apiKey } })
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('image/svg+xml')
    expect(download.headers['x-content-type-options']).toBe('nosniff')
    expect(download.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/)
    expect(download.headers['content-disposition']).toMatch(/^attachment/)
    const { data } = await renderPixels(hash)
    expect(isAllGreen(data)).toBe(true)
    recordFigures('B15', { uploadStatus: answer.status, downloadCsp: String(download.headers['content-security-policy']) })
  })

  it('B16: SVG pointing at file:///etc/passwd, /etc/hosts, xi:include, a sibling store object, 169.254.169.254 and a loopback server → none of it drawn, no connection', async () => {
    // A red PNG already in the store, so the SVG can name its object file by a relative path.
    const red = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ff0000' } }).png().toBuffer()
    const stored = await target.uploadFile(red, 'red.png', 'image/png')
    expect(stored.status).toBe(201)
    const redObject = stored.json<{ items: { binary_hash: string }[] }>().items[0]?.binary_hash as string
    const references = [
      'file:///etc/passwd',
      '/etc/hosts',
      'file:///etc/hosts',
      `../${redObject.slice(0, 2)}/${redObject}`,
      `../../objects/${redObject.slice(0, 2)}/${redObject}`,
      `${redObject}`,
      'http://169.254.169.254/latest/meta-data/',
      `${fixture.url}/pixel.png`,
      `http://localhost:${fixture.port}/pixel.png`
    ]
    const images = references.map((href) => `<image href="${href}" xlink:href="${href}" width="100" height="100"/>`).join('')
    const include = `<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>`
    // Ground until the SVG's own object lands in the red object's folder, where a file-based
    // SVG loader would resolve the bare name of its neighbour.
    let svg = ''
    for (let salt = 0; !sha1(svg).startsWith(redObject.slice(0, 2)); salt++) {
      svg = svgOf(`${images}<text x="0" y="50">${include}</text><!-- ${salt} -->`)
    }
    const answer = await uploadSvg(svg)
    expect(answer.status, answer.text()).toBe(201)
    const { data } = await renderPixels(hashOf(answer))
    expect(isAllGreen(data), 'the render shows only the SVG itself').toBe(true)
    expect(fixture.connections(), 'connections to the loopback fixture').toBe(0)
    recordFigures('B16', { references: references.length + 1, fixtureConnections: fixture.connections(), drawn: 0 })
  })

  it('B17: SVG with an XXE entity and billion laughs → 400 or rendered without expansion, under 1 s-ish, no memory spike', async () => {
    const xxe = svgOf('<text x="0" y="20">&xxe;</text>', undefined, '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
      ']>'
    const bomb = svgOf('<text x="0" y="20">&lol9;</text>', undefined, laughs)
    const results: { status: number; ms: number; peak: number }[] = []
    for (const svg of [xxe, bomb]) {
      const { result, peakGrowthMb } = await peakGrowthDuring(target.pid, async () => {
        const upload = await uploadSvg(svg)
        if (upload.status !== 201) return { upload, render: undefined }
        const render = await target.send(`/render/local/dynamic/resize-width-100/${hashOf(upload)}.png`, { deadlineMs: 30_000 })
        return { upload, render }
      })
      expect([201, 400]).toContain(result.upload.status)
      if (result.render) {
        expect(result.render.status).toBe(200)
        const { data } = await sharp(result.render.body).removeAlpha().raw().toBuffer({ resolveWithObject: true })
        expect(isAllGreen(data), 'no entity text drawn').toBe(true)
      }
      expect(result.upload.ms).toBeLessThan(5_000)
      expect(peakGrowthMb).toBeLessThan(100)
      results.push({ status: result.upload.status, ms: Math.round(result.upload.ms), peak: peakGrowthMb })
    }
    expect(await target.isAlive()).toBe(true)
    recordFigures('B17', {
      xxeStatus: results[0]?.status ?? 0,
      billionLaughsStatus: results[1]?.status ?? 0,
      billionLaughsMs: results[1]?.ms ?? 0,
      rssPeakGrowthMb: Math.max(...results.map((r) => r.peak))
    })
  })

  it('B18: SVG with nested <use> amplification → 400 or completes within the time limit', async () => {
    let defs = '<g id="l0"><rect width="1" height="1" fill="#00ff00"/></g>'
    for (let level = 1; level <= 12; level++) {
      defs += `<g id="l${level}">${Array.from({ length: 10 }, () => `<use href="#l${level - 1}" xlink:href="#l${level - 1}"/>`).join('')}</g>`
    }
    const svg = svgOf(`<defs>${defs}</defs><use href="#l12" xlink:href="#l12"/>`)
    const { result, peakGrowthMb } = await peakGrowthDuring(target.pid, async () => {
      const upload = await uploadSvg(svg)
      const render =
        upload.status === 201
          ? await target.send(`/render/local/dynamic/resize-width-50/${hashOf(upload)}.png`, { deadlineMs: 45_000 })
          : undefined
      return { upload, render }
    })
    expect([201, 400]).toContain(result.upload.status)
    if (result.upload.status === 400) expect(result.upload.json().message).toMatch(/SVG|too complex|took longer/)
    if (result.render) expect([200, 400, 503]).toContain(result.render.status)
    expect(await target.isAlive()).toBe(true)
    recordFigures('B18', {
      uploadStatus: result.upload.status,
      uploadMs: Math.round(result.upload.ms),
      renderStatus: result.render?.status ?? 'not stored',
      rssPeakGrowthMb: peakGrowthMb
    })
  }, 90_000)

  it('B19: SVG declaring 100000×100000 → 400 by the pixel limit (never rasterised at that size)', async () => {
    const { result, peakGrowthMb } = await peakGrowthDuring(target.pid, () => uploadSvg(svgOf('', 'width="100000" height="100000" viewBox="0 0 100 100"')))
    expect(result.status, result.text()).toBe(400)
    expect(result.json().message).toMatch(/100000 × 100000 pixels/)
    expect(peakGrowthMb).toBeLessThan(100)
    recordFigures('B19', { status: result.status, ms: Math.round(result.ms), rssPeakGrowthMb: peakGrowthMb })
  })
})
