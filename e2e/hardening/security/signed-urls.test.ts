import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { useHeadlessTarget } from '../support/target-server'
import { recordFigures } from '../support/figures'
import { nodeUrlSigner } from '../../../src-main/render/sign-node'
import { equalsInConstantTime } from '../../../src-shared/render-signature'

const target = useHeadlessTarget()
let hash = ''
let signingKey = ''

beforeAll(async () => {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#445566' } }).png().toBuffer()
  hash = (await target.uploadFile(png, 'p.png', 'image/png')).json<{ items: { hash: string }[] }>().items[0]?.hash as string
  const stack = await target.send('/stacks/local/guarded', {
    method: 'PUT',
    headers: { 'api-key': target.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ operations: [{ name: 'resize', options: { width: 20 } }], options: { protected: true } })
  })
  expect(stack.status).toBe(201)
  const org = await target.send('/organizations/local', { headers: { 'api-key': target.apiKey } })
  signingKey = org.json<{ signing_keys: { key: string }[] }>().signing_keys[0]?.key as string
  expect(signingKey).toEqual(expect.any(String))
})

/** Counts how many characters a comparison reads: a constant-time compare reads them all. */
const countingString = (text: string, reads: { count: number }) =>
  ({
    length: text.length,
    charCodeAt: (index: number) => {
      reads.count += 1
      return text.charCodeAt(index)
    }
  }) as unknown as string

describe('signed render URLs (test plan 5.4)', () => {
  it('S8: a signed URL renders; tampered path, query, moved sig, expired until and SEO variants → 403; compare reads every character', async () => {
    const path = `/render/local/guarded/${hash}.png`
    const signed = nodeUrlSigner.signUrl(`/guarded/${hash}.png`, signingKey)
    const sig = new URL(signed, 'http://x').searchParams.get('sig') as string
    const ok = await target.send(`/render/local${signed}`)
    expect(ok.status, ok.text()).toBe(200)
    const unsigned = await target.send(path)
    expect(unsigned.status).toBe(403)
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0')
    const past = new Date(Date.now() - 3600_000)
    const expired = nodeUrlSigner.signUrl(`/guarded/${hash}.png`, signingKey, past)
    const tampered = [
      `${path}?sig=${flipped}`,
      `/render/local/guarded/resize-width-39/${hash}.png?sig=${sig}`,
      `/render/local/guarded/${hash}.jpg?sig=${sig}`,
      `/render/local/guarded/${hash}/seo-name.png?sig=${sig}`,
      `${path}?v=%7B%22w%22%3A1%7D&sig=${sig}`,
      `/render/local${expired}`,
      `${path}?sig=`,
      `${path}?sig=${sig}${sig}`
    ]
    for (const url of tampered) {
      const answer = await target.send(url)
      expect(answer.status, `${url}: ${answer.text()}`).toBe(403)
      expect(answer.headers['content-type']).toMatch(/application\/json/)
    }
    // sig before another parameter is refused too, with a message saying where sig belongs
    const notLast = await target.send(`${path}?sig=${sig}&v={"w":1}`)
    expect([400, 403]).toContain(notLast.status)
    // the comparison reads the whole signature whether it differs at the first or last character
    const right = sig
    const early = { count: 0 }
    const late = { count: 0 }
    expect(equalsInConstantTime(countingString(`x${right.slice(1)}`, early), right)).toBe(false)
    expect(equalsInConstantTime(countingString(`${right.slice(0, -1)}x`, late), right)).toBe(false)
    expect(early.count).toBe(right.length)
    expect(late.count).toBe(right.length)
    recordFigures('S8', { signedStatus: ok.status, tamperedTried: tampered.length + 1, tamperedRefused: tampered.length + 1, charactersReadEarlyVsLate: `${early.count}/${late.count}` })
  })
})
