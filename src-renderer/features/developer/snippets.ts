import { stackUrl, type RenderTarget } from '../../lib/render-urls'

export interface SnippetInput extends RenderTarget {
  apiUrl: string
  stack: string
  hash: string
  alt: string
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

export const rokkaJsConfig = ({ apiUrl, renderBaseUrl }: SnippetInput): string =>
  [
    "import rokka from 'rokka'",
    '',
    'const client = rokka({',
    '  apiKey: process.env.ROKKA_API_KEY,',
    `  apiHost: '${apiUrl}',`,
    `  renderHost: '${renderBaseUrl}/{organization}'`,
    '})'
  ].join('\n')

export const renderUrl = (input: SnippetInput, format = 'jpg'): string =>
  stackUrl(input, input.stack, input.hash, format)

export const imgSrcset = (input: SnippetInput): string => {
  const at = (dpr: number) =>
    stackUrl(input, input.stack, input.hash, 'jpg', dpr > 1 ? { dpr } : {})
  return [
    `<img src="${at(1)}"`,
    `     srcset="${at(2)} 2x, ${at(3)} 3x"`,
    `     alt="${escapeAttribute(input.alt)}">`
  ].join('\n')
}

export const pictureElement = (input: SnippetInput): string =>
  [
    '<picture>',
    `  <source type="image/avif" srcset="${renderUrl(input, 'avif')}">`,
    `  <source type="image/webp" srcset="${renderUrl(input, 'webp')}">`,
    `  <img src="${renderUrl(input, 'jpg')}" alt="${escapeAttribute(input.alt)}">`,
    '</picture>'
  ].join('\n')
