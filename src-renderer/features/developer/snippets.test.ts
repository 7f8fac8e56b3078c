import { describe, expect, it } from 'vitest'
import { imgSrcset, pictureElement, rokkaJsConfig } from './snippets'

const input = {
  apiUrl: 'http://127.0.0.1:3810',
  renderBaseUrl: 'http://127.0.0.1:3810/render',
  org: 'local',
  stack: 'thumb',
  hash: 'abcdef',
  alt: 'A "cat"'
}

describe('developer snippets', () => {
  it('points rokka.js at this Darkroom', () => {
    expect(rokkaJsConfig(input)).toContain("apiHost: 'http://127.0.0.1:3810'")
    expect(rokkaJsConfig(input)).toContain(
      "renderHost: 'http://127.0.0.1:3810/render/{organization}'"
    )
  })

  it('writes dpr 2 and 3 sources with o-dpr-N', () => {
    const html = imgSrcset(input)
    expect(html).toContain('http://127.0.0.1:3810/render/local/thumb/abcdef.jpg"')
    expect(html).toContain('/render/local/thumb/o-dpr-2/abcdef.jpg 2x')
    expect(html).toContain('/render/local/thumb/o-dpr-3/abcdef.jpg 3x')
    expect(html).toContain('alt="A &quot;cat&quot;"')
  })

  it('offers AVIF and WebP before the JPEG fallback', () => {
    const html = pictureElement(input)
    expect(html.indexOf('image/avif')).toBeLessThan(html.indexOf('image/webp'))
    expect(html).toContain('/thumb/abcdef.avif')
  })
})
