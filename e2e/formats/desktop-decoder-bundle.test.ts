import { execFile } from 'node:child_process'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecodedPixels } from '../../src-main/engine/decoders/decode-types'
import { DecoderHost } from '../../src-main/engine/decoders/decoder-host'
import { forkDecoderProcess } from '../../src-main/engine/decoders/fork-decoder-process'
import { createUtilityProcessLauncher } from '../../src-main/app/utility-process-launcher'
import { emulatedUtilityFork } from '../../src-main/app/testing/emulated-utility-process'
import { imageDistance } from '../../src-main/engine/testing/images'
import { heicFile, jxlFile, pdfFile, psdFile, referencePng } from './format-files'

// The desktop app's decoder process as `npm run build` emits it: electron-vite builds the app
// (its real config) into a scratch folder, and the bundled decoder-process.js decodes every
// format it serves. The scratch folder is under node_modules so the bundle's packages resolve
// as they do beside out/main; it leaves out/ alone for anything else using it.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SCRATCH = join(ROOT, 'node_modules/.cache', `darkroom-bundle-${process.pid}`)
const BUNDLE = join(SCRATCH, 'main/decoder-process.js')
/** Mean difference (0–255) a lossy round trip may leave on the reference picture. */
const SIMILAR = 8

const buildDesktopApp = (outDir: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const cli = join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js')
    const args = [cli, 'build', '--outDir', outDir, '--logLevel', 'warn']
    execFile(process.execPath, args, { cwd: ROOT, timeout: 240_000 }, (error, _out, stderr) =>
      error
        ? reject(new Error(`electron-vite build failed: ${stderr || error.message}`))
        : resolve()
    )
  })

const asPng = ({ data, width, height, channels }: DecodedPixels): Promise<Buffer> =>
  sharp(Buffer.from(data), { raw: { width, height, channels } }).png().toBuffer()

let reference: Buffer
const hosts: DecoderHost[] = []
const hostFor = (launcher = forkDecoderProcess): DecoderHost => {
  const host = new DecoderHost({ launcher, modulePath: BUNDLE })
  hosts.push(host)
  return host
}
const run = { timeoutMs: 30_000, label: 'test' }

beforeAll(async () => {
  await mkdir(SCRATCH, { recursive: true })
  await buildDesktopApp(SCRATCH)
  reference = await referencePng()
}, 300_000)

afterAll(async () => {
  for (const host of hosts) host.close()
  await rm(SCRATCH, { recursive: true, force: true })
})

describe('the desktop build', () => {
  it('emits decoder-process.js beside a one-file index.js', async () => {
    expect((await readdir(join(SCRATCH, 'main'))).sort()).toEqual([
      'decoder-process.js',
      'index.js',
      'migrations'
    ])
  })

  it('decodes HEIC, JPEG XL, PSD and PDF in its bundled decoder process', async () => {
    const host = hostFor()
    const files = {
      heic: await heicFile(),
      jxl: await jxlFile(reference),
      psd: await psdFile(reference),
      pdf: pdfFile(reference)
    }
    for (const [format, bytes] of Object.entries(files) as [keyof typeof files, Buffer][]) {
      const pixels = await host.decode({ kind: 'decode', format, bytes, maxPixels: 1e7 }, run)
      expect(pixels.width / pixels.height, format).toBeCloseTo(1.5, 1)
      expect(await imageDistance(await asPng(pixels), reference), format).toBeLessThan(SIMILAR)
    }
  })

  it('encodes JPEG XL in its bundled decoder process', async () => {
    const { data, info } = await sharp(reference)
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true })
    const job = { kind: 'encode-jxl', data, width: info.width, height: info.height } as const
    const bytes = await hostFor().encodeJxl({ ...job, quality: 90, effort: 3 }, run)
    const decoded = await hostFor().decode(
      { kind: 'decode', format: 'jxl', bytes, maxPixels: 1e6 },
      run
    )
    expect(await imageDistance(await asPng(decoded), reference)).toBeLessThan(SIMILAR)
  })

  it('answers over a parent port, as in a utility process (emulated on Node)', async () => {
    const host = hostFor(createUtilityProcessLauncher(emulatedUtilityFork))
    const bytes = await heicFile()
    const pixels = await host.decode({ kind: 'decode', format: 'heic', bytes, maxPixels: 1e6 }, run)
    expect(pixels).toMatchObject({ width: 120, height: 80 })
  })
})
