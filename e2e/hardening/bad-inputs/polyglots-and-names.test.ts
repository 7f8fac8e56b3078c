import { readdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { useHeadlessTarget } from '../support/target-server'
import { recordFigures } from '../support/figures'

const target = useHeadlessTarget()

const small = (format: 'gif' | 'png') =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: '#208040' } })[format]().toBuffer()

const HTML = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>')

describe('polyglots and file names (test plan 5.3)', () => {
  it('B20: GIF+HTML and PNG+ZIP polyglots are stored as images and never served as HTML; a file that sniffs as HTML is refused', async () => {
    const gifHtml = Buffer.concat([await small('gif'), HTML])
    // a ZIP's local header and end-of-central-directory after the PNG's IEND
    const zip = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(26), Buffer.from('504b0506', 'hex'), Buffer.alloc(18)])
    const pngZip = Buffer.concat([await small('png'), zip])
    const seen: Record<string, number | string> = {}
    for (const [label, data, type] of [['gifHtml', gifHtml, 'image/gif'], ['pngZip', pngZip, 'image/png']] as const) {
      const answer = await target.uploadFile(data, `${label}.html`, 'text/html')
      expect(answer.status, answer.text()).toBe(201)
      const hash = answer.json<{ items: { hash: string; mimetype: string }[] }>().items[0]?.hash as string
      const download = await target.send(`/sourceimages/local/${hash}/download`, { headers: { 'api-key': target.apiKey } })
      expect(download.status).toBe(200)
      expect(download.headers['content-type']).toBe(type)
      expect(download.headers['x-content-type-options']).toBe('nosniff')
      const render = await target.send(`/render/local/dynamic/noop/${hash}.${type.slice(6)}`)
      expect(render.headers['content-type']).toBe(type)
      expect(render.headers['x-content-type-options']).toBe('nosniff')
      const original = await target.send(`/render/local/dynamic/options-source_file-true/${hash}.${type.slice(6)}`)
      expect(original.status).toBe(200)
      expect(original.headers['content-type']).toBe(type)
      seen[label] = `${answer.status} ${String(download.headers['content-type'])}`
    }
    const html = await target.uploadFile(Buffer.concat([Buffer.from('<!DOCTYPE html>'), HTML]), 'page.jpg', 'image/jpeg')
    expect(html.status).toBe(400)
    expect(html.json().message).toMatch(/not an image Darkroom can read/)
    recordFigures('B20', { ...seen, htmlStatus: html.status })
  })

  it('B22: hostile file names are stored cleaned, give valid Content-Disposition headers, and touch no path', async () => {
    const png = await small('png')
    const names: [string, string][] = [
      ['dot-dot', 'filename="../../x.jpg"'],
      ['nul', "filename*=UTF-8''a%00b.jpg"],
      ['crlf', 'filename="a\rSet-Cookie: x=1\n.jpg"'],
      ['long', `filename="${'n'.repeat(1000)}.jpg"`],
      ['rtl', "filename*=UTF-8''invoice%E2%80%AEgpj.exe"],
      ['con', 'filename="CON.jpg"'],
      ['quote-backslash', 'filename="a\\\\b\\".jpg"'],
      // kept as typed; a header may only carry it encoded, beside an ASCII fallback
      ['non-ascii', "filename*=UTF-8''%E5%86%99%E7%9C%9F-%C3%A9t%C3%A9.jpg"]
    ]
    const stored: Record<string, string> = {}
    const check = async (label: string, item: { hash: string; name: string }) => {
      expect(item.name, label).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e/\\]/)
      expect(item.name.length).toBeLessThanOrEqual(255)
      stored[label] = item.name
      const download = await target.send(`/sourceimages/local/${item.hash}/download`, { headers: { 'api-key': target.apiKey } })
      expect(download.status, label).toBe(200)
      expect(download.headers['set-cookie']).toBeUndefined()
      expect(String(download.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''[^\r\n]*; filename="[\x20-\x7e]*"$/)
      const attachment = await target.send(`/render/local/dynamic/resize-width-8--options-content_disposition-attachment/${item.hash}.png`)
      expect(attachment.status, label).toBe(200)
      expect(attachment.headers['set-cookie']).toBeUndefined()
    }
    for (const [label, disposition] of names) {
      // each name on a slightly different image, so each gets its own row and name
      const data = Buffer.concat([png, Buffer.from(label)])
      const answer = await target.upload([
        { name: 'filedata', data, rawHeaders: `Content-Disposition: form-data; name="filedata"; ${disposition}\r\nContent-Type: image/png` }
      ])
      if (label === 'crlf') {
        // busboy drops a file name holding CR or LF: the part is no file, and the upload says so
        expect(answer.status).toBe(400)
        expect(answer.json().message).toMatch(/holds no file/)
        continue
      }
      expect(answer.status, `${label}: ${answer.text()}`).toBe(201)
      await check(label, answer.json<{ items: { hash: string; name: string }[] }>().items[0] as { hash: string; name: string })
    }
    // CR/LF can still arrive through a rename; the name must not become a broken header (a 500)
    const renamed = await target.uploadFile(Buffer.concat([png, Buffer.from('rename')]), 'plain.png', 'image/png')
    const hash = renamed.json<{ items: { hash: string }[] }>().items[0]?.hash as string
    const rename = await target.send(`/sourceimages/local/${hash}/name`, {
      method: 'PUT',
      headers: { 'api-key': target.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify('a\r\nSet-Cookie: x=1\u0000.jpg')
    })
    expect([200, 204, 400]).toContain(rename.status)
    const current = await target.send(`/sourceimages/local/${hash}`, { headers: { 'api-key': target.apiKey } })
    await check('crlf-rename', current.json<{ hash: string; name: string }>())
    expect(stored['dot-dot']).toBe('x.jpg')
    expect(stored['non-ascii']).toBe('写真-été.jpg')
    // nothing was written beside or above the data folder under an uploaded name
    for (const dir of [target.dataDir, dirname(target.dataDir)]) {
      expect((await readdir(dir)).filter((entry) => /x\.jpg|CON\.jpg|a.b\.jpg/.test(entry))).toEqual([])
    }
    expect(await target.isAlive()).toBe(true)
    recordFigures('B22', { namesTried: names.length, statuses: '201 each', longNameStoredLength: stored.long?.length ?? 0 })
  })
})
