import { describe, expect, it } from 'vitest'
import { parseRenderPath, parseRenderUrl, RenderUrlError } from './render-url'

const H = 'c421f4e8cefe0fd3aab22832f51e85bacda0a47a'

const failureOf = (run: () => unknown): RenderUrlError => {
  try {
    run()
  } catch (error) {
    if (error instanceof RenderUrlError) return error
    throw error
  }
  throw new Error('expected a RenderUrlError')
}

/** [what is wrong, path with query, status, code, message]. */
const failures: Array<[string, string, number, string, string]> = [
  // paths that cannot be renders
  ['empty path', '', 404, 'not_found', '"" is not a render URL: it does not start with "/".'],
  [
    'root',
    '/',
    404,
    'not_found',
    '"/" is not a render URL: it does not end in .<format> such as .jpg.'
  ],
  [
    'no leading slash',
    `mystack/${H}.jpg`,
    404,
    'not_found',
    `"mystack/${H}.jpg" is not a render URL: it does not start with "/".`
  ],
  [
    'a single segment',
    '/favicon.ico',
    404,
    'not_found',
    '"/favicon.ico" is not a render URL: it needs a stack and an image: /stack/hash.jpg.'
  ],
  [
    'no format',
    '/mystack/abcdef',
    404,
    'not_found',
    '"/mystack/abcdef" is not a render URL: it does not end in .<format> such as .jpg.'
  ],
  [
    'a remote image without format',
    '/mystack/-https://x.test/a.jpg-',
    404,
    'not_found',
    '"/mystack/-https://x.test/a.jpg-" is not a render URL: it does not end in .<format> such as .jpg.'
  ],
  [
    'IIIF',
    '/_iiif/2/abcdef/info.json',
    404,
    'not_found',
    '"/_iiif/2/abcdef/info.json" is not a render URL: no stack can be named "_iiif".'
  ],
  [
    'albums',
    '/_albums/holiday/all.json',
    404,
    'not_found',
    '"/_albums/holiday/all.json" is not a render URL: no stack can be named "_albums".'
  ],
  [
    'empty stack name',
    '//abcdef.jpg',
    404,
    'not_found',
    '"//abcdef.jpg" is not a render URL: no stack can be named "".'
  ],
  // the image
  [
    '41 hex characters',
    `/mystack/${H}a.jpg`,
    400,
    'bad_request',
    `"${H}a" is not an image hash: it has 41 characters, hashes have 6 to 40.`
  ],
  [
    '5 hex characters',
    '/mystack/abcde.jpg',
    400,
    'bad_request',
    '"abcde" is not an image hash: it has 5 characters, hashes have 6 to 40.'
  ],
  [
    'non-hex hash',
    '/mystack/abcdeg.jpg',
    400,
    'bad_request',
    '"abcdeg" is not an image: expected a hash (6 to 40 lowercase hex characters), a remote image -path- or an alias -_name_-.'
  ],
  [
    'upper-case hash',
    '/mystack/ABCDEF.jpg',
    400,
    'bad_request',
    '"ABCDEF" is not an image hash: hashes are lowercase hex.'
  ],
  [
    'nothing before the format',
    '/mystack/.jpg',
    400,
    'bad_request',
    'There is no image before ".jpg".'
  ],
  [
    'double extension after a hash',
    `/mystack/${H}.jpg.png`,
    400,
    'bad_request',
    `"${H}.jpg.png" has more than one extension; only the format may follow a "." (name.png).`
  ],
  [
    'double extension of the file name',
    `/mystack/${H}/photo.tar.jpg`,
    400,
    'bad_request',
    '"photo.tar.jpg" has more than one extension; only the format may follow a "." (name.jpg).'
  ],
  [
    'unknown format',
    `/mystack/${H}.exe`,
    400,
    'unsupported_format',
    'Unknown output format ".exe"; use one of jpg, jpeg, png, gif, webp, avif, jxl, heic, heif, jp2, svg, tif, tiff, mp4, webm, m3u, m3u8, ts, blur.'
  ],
  // traversal and encoded slashes
  [
    '.. segment',
    `/mystack/../${H}.jpg`,
    400,
    'bad_request',
    `The render path "/mystack/../${H}.jpg" contains "." or ".." segments.`
  ],
  [
    'encoded .. segment',
    `/mystack/%2e%2E/${H}.jpg`,
    400,
    'bad_request',
    `The render path "/mystack/%2e%2E/${H}.jpg" contains "." or ".." segments.`
  ],
  [
    '. segment',
    `/mystack/./${H}.jpg`,
    400,
    'bad_request',
    `The render path "/mystack/./${H}.jpg" contains "." or ".." segments.`
  ],
  [
    '.. in a remote path',
    '/mystack/-base/../etc/passwd-.jpg',
    400,
    'bad_request',
    'The render path "/mystack/-base/../etc/passwd-.jpg" contains "." or ".." segments.'
  ],
  [
    '.. hidden behind encoded slashes in a remote path',
    '/mystack/-base%2F..%2Fetc-.jpg',
    400,
    'bad_request',
    'The remote image "base/../etc" may not contain "." or ".." path segments.'
  ],
  [
    '%2f in an option value',
    `/mystack/o-basestack-a%2fb/${H}.jpg`,
    400,
    'bad_request',
    'The value "a%2fb" contains an encoded slash (%2F), which render URLs only allow inside [expressions] and remote image paths.'
  ],
  [
    '%2F in the stack name',
    `/my%2Fstack/${H}.jpg`,
    400,
    'bad_request',
    'The stack name "my%2Fstack" contains an encoded slash (%2F), which render URLs only allow inside [expressions] and remote image paths.'
  ],
  [
    '%2F in the file name',
    `/mystack/${H}/a%2Fb.jpg`,
    400,
    'bad_request',
    'The file name "a%2Fb" contains an encoded slash (%2F), which render URLs only allow inside [expressions] and remote image paths.'
  ],
  [
    'encoded dot in the file name',
    `/mystack/${H}/a%2Eb.jpg`,
    400,
    'bad_request',
    'The file name "a.b" may not contain "." or "/".'
  ],
  // the stack part grammar
  [
    'odd number of tokens',
    `/dynamic/resize-width/${H}.jpg`,
    400,
    'bad_request',
    'Block "resize-width" has "width" without a value: blocks are written resize-key-value-key-value…, and "--" starts a new block, so write a negative number as %2D5 or [-5], not -5.'
  ],
  [
    'negative number after a single dash',
    `/dynamic/rotate-angle--45/${H}.jpg`,
    400,
    'bad_request',
    'Block "rotate-angle" has "angle" without a value: blocks are written rotate-key-value-key-value…, and "--" starts a new block, so write a negative number as %2D5 or [-5], not -5.'
  ],
  [
    'odd tokens in an options block',
    `/mystack/o-dpr-2-af/${H}.jpg`,
    400,
    'bad_request',
    'Block "o-dpr-2-af" has "af" without a value: blocks are written o-key-value-key-value…, and "--" starts a new block, so write a negative number as %2D5 or [-5], not -5.'
  ],
  [
    'a block without a name',
    `/dynamic/-o-dpr-2/${H}.jpg`,
    400,
    'bad_request',
    'Block "-o-dpr-2" has no name; blocks start with a name like resize-….'
  ],
  [
    'a trailing single dash',
    `/dynamic/resize-width-1-/${H}.jpg`,
    400,
    'bad_request',
    'Block "resize-width-1-" has "" without a value: blocks are written resize-key-value-key-value…, and "--" starts a new block, so write a negative number as %2D5 or [-5], not -5.'
  ],
  [
    'an empty value',
    `/mystack/resize-width-/blur/${H}.jpg`,
    400,
    'bad_request',
    'Block "resize-width-" gives "width" an empty value.'
  ],
  [
    'an operation name with a space',
    `/dynamic/re%20size/${H}.jpg`,
    400,
    'bad_request',
    '"re size" is not an operation or block name; names use letters, digits and _ only.'
  ],
  [
    'an option name with a bracket',
    `/dynamic/resize-[w]-1/${H}.jpg`,
    400,
    'bad_request',
    '"[w]" in block "resize-[w]-1" is not an option name; option names use letters, digits, _ and . only.'
  ],
  [
    'a stack option as expression',
    `/dynamic/o-dpr-[2]/${H}.jpg`,
    400,
    'bad_request',
    'Stack option "dpr" in "o-dpr-[2]" cannot be an [expression]; only operation options can.'
  ],
  [
    'an unclosed expression',
    `/dynamic/resize-width-[image.width/2]/${H}.jpg`,
    400,
    'bad_request',
    '"resize-width-[image.width" opens an expression with "[" but never closes it with "]" (a "/" inside an expression must be written as %2F).'
  ],
  [
    'a stray ]',
    `/dynamic/resize-width-1]/${H}.jpg`,
    400,
    'bad_request',
    '"resize-width-1]" has a "]" without a "[" before it.'
  ],
  [
    'an empty expression',
    `/dynamic/resize-width-[]/${H}.jpg`,
    400,
    'bad_request',
    'Block "resize-width-[]" has an empty expression "[]".'
  ],
  [
    'malformed percent-encoding',
    `/dynamic/resize-width-%zz/${H}.jpg`,
    400,
    'bad_request',
    'The value "%zz" has malformed percent-encoding.'
  ],
  // the query
  [
    'v that is not JSON',
    `/mystack/${H}.jpg?v=%7Bw%7D`,
    400,
    'bad_request',
    'The v query parameter is not valid JSON; write it like v={"w":300}.'
  ],
  [
    'v that is not an object',
    `/mystack/${H}.jpg?v=%5B1%5D`,
    400,
    'bad_request',
    'The v query parameter must be a JSON object like v={"w":300}.'
  ],
  [
    'v twice',
    `/mystack/${H}.jpg?v={}&v={}`,
    400,
    'bad_request',
    'The v query parameter is given more than once.'
  ],
  [
    'sig not last (rokka.js getUrlComponents test URL)',
    `/mystack/${H}.jpg?sig=abc123&sigopts=xyz`,
    400,
    'bad_request',
    'The sig query parameter must appear once, as the last parameter.'
  ],
  [
    'sig twice',
    `/mystack/${H}.jpg?sig=0f6370995020ce81&sig=0f6370995020ce81`,
    400,
    'bad_request',
    'The sig query parameter must appear once, as the last parameter.'
  ],
  [
    'sigopts that is not JSON',
    `/mystack/${H}.jpg?sigopts=xyz&sig=0f6370995020ce81`,
    400,
    'bad_request',
    'The signature options are unreadable: sigopts is not valid JSON.'
  ],
  [
    'sigopts.until that is not a string',
    `/mystack/${H}.jpg?sigopts=%7B%22until%22%3A1%7D&sig=0f6370995020ce81`,
    400,
    'bad_request',
    'The signature options are unreadable: sigopts.until must be a string.'
  ]
]

describe('parseRenderPath: malformed render URLs', () => {
  it.each(failures)('%s: %s', (_, url, status, code, message) => {
    const error = failureOf(() => parseRenderUrl(url))
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({
      status,
      code,
      message
    })
  })

  it('refuses a query inside the path', () => {
    const error = failureOf(() => parseRenderPath(`/mystack/${H}.jpg?v={}`, ''))
    expect(error.message).toBe(
      `The render path "/mystack/${H}.jpg?v={}" contains "?"; pass the query separately.`
    )
  })

  it('shortens long inputs in messages', () => {
    const long = 'x'.repeat(500)
    const error = failureOf(() => parseRenderPath(`/mystack/${long}.jpg`, ''))
    expect(error.message).toBe(
      `"${'x'.repeat(80)}…" is not an image: expected a hash (6 to 40 lowercase hex characters), a remote image -path- or an alias -_name_-.`
    )
  })
})
