import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { AppError, imageTooLarge, invalidImage } from '../../errors'
import { checkDeclaredSize } from './declared-size'
import { DecodeFailure, type DecodedPixels } from './decode-types'
import { decodeFailureError } from './decode-errors'
import { epsBounds, type EpsBounds } from './eps-bounds'

/** EPS is drawn at PostScript's own unit: one pixel per point. */
export const EPS_DPI = 72
const GHOSTSCRIPT = 'gs'

let available: Promise<boolean> | null = null

/** Whether Ghostscript can be run here (asked once). */
export const ghostscriptAvailable = (): Promise<boolean> =>
  (available ??= new Promise((resolve) => {
    execFile(GHOSTSCRIPT, ['--version'], { timeout: 10_000 }, (error) => resolve(error === null))
  }))

export const epsRendererMissing = () =>
  new AppError(
    'unsupported_format',
    400,
    'The EPS renderer is not installed: Darkroom draws EPS files with Ghostscript (`gs`); install it to render this image.'
  )

/** The bounding box, or the 400 for an EPS file without one. */
export const requireEpsBounds = (file: Buffer): EpsBounds => {
  const bounds = epsBounds(file)
  if (!bounds) throw invalidImage('The EPS file has no usable %%BoundingBox comment, so its size is unknown.')
  return bounds
}

/** The pixel size an EPS file renders at. */
export const epsSize = (bounds: EpsBounds): { width: number; height: number } => ({
  width: Math.ceil(((bounds.x1 - bounds.x0) * EPS_DPI) / 72),
  height: Math.ceil(((bounds.y1 - bounds.y0) * EPS_DPI) / 72)
})

const firstLine = (text: string): string =>
  (text.split('\n').find((line) => line.trim() !== '') ?? 'no output').trim().slice(0, 200)

/**
 * Renders an EPS file with Ghostscript: no shell, `-dSAFER` (no file access beyond the input and
 * an empty temporary directory of its own),
 * the page cropped to the bounding box, the declared size checked first, a deadline and an
 * output cap. Transparent where the drawing paints nothing.
 */
export const renderEps = async (
  file: string,
  limits: { maxPixels: number; timeoutMs: number; signal?: AbortSignal; onAbort?: () => Error }
): Promise<DecodedPixels> => {
  if (!(await ghostscriptAvailable())) throw epsRendererMissing()
  const size = epsSize(requireEpsBounds(await readFile(file)))
  try {
    checkDeclaredSize('EPS', size.width, size.height, limits.maxPixels)
  } catch (error) {
    if (error instanceof DecodeFailure) throw decodeFailureError(error.code, error.message)
    throw error
  }
  const args = [
    '-q',
    '-dSAFER',
    '-dBATCH',
    '-dNOPAUSE',
    '-dEPSCrop',
    '-dFirstPage=1',
    '-dLastPage=1',
    `-r${EPS_DPI}`,
    '-sDEVICE=pngalpha',
    // PostScript's own output would otherwise mix into the image on stdout.
    '-sstdout=%stderr',
    '-sOutputFile=-',
    '-f',
    file
  ]
  // SAFER still lets a drawing read Ghostscript's temporary directory, and GS_OPTIONS or GS_LIB
  // in the environment could change its mode: each run gets an empty directory of its own and
  // nothing of the server's environment but PATH.
  const privateTmp = await mkdtemp(join(tmpdir(), 'darkroom-gs-'))
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: privateTmp, TEMP: privateTmp, TMP: privateTmp }
  const png = await new Promise<Buffer>((resolve, reject) => {
    execFile(
      GHOSTSCRIPT,
      args,
      {
        env,
        encoding: 'buffer',
        timeout: limits.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: Math.min(2 ** 30, limits.maxPixels * 4 + (1 << 20)),
        ...(limits.signal ? { signal: limits.signal } : {})
      },
      (error, stdout, stderr) => {
        if (!error && stdout.length > 0) return resolve(stdout)
        if (limits.signal?.aborted) return reject(limits.onAbort?.() ?? new Error('aborted'))
        if (error && (error as { killed?: boolean }).killed) {
          return reject(
            imageTooLarge(`Drawing the EPS file took longer than ${limits.timeoutMs / 1000} s; it is too complex for Darkroom to process.`)
          )
        }
        reject(invalidImage(`The EPS file cannot be drawn (${firstLine(stderr.toString('latin1'))}).`))
      }
    )
  }).finally(() => rm(privateTmp, { recursive: true, force: true }))
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return { data, width: info.width, height: info.height, channels: 4 }
}
