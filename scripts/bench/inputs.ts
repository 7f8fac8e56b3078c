import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import sharp, { type Sharp } from 'sharp'

/** Where the benchmark keeps downloaded and derived inputs (gitignored, never committed). */
export const CACHE_DIR = resolve('.cache/bench')
const PACKAGE = 'plasma-workspace-wallpapers'
const PHOTO_SIZE = '5120x2880'

export interface BenchInputs {
  /** The wallpapers' 5120x2880 JPEGs and PNGs, as Debian ships them. */
  jpegs: string[]
  pngs: string[]
  /** sharp's own benchmark shape: a 2725x2225 JPEG cut from a photo. */
  sharpShape: string
  /** A 24-megapixel JPEG (6000x4000) scaled up from a photo, for the live preview figure. */
  preview24mp: string
  /** Distinct JPEGs of about 5 MB each, for the upload figure. */
  uploads: string[]
}

const run = (command: string, args: string[], cwd?: string) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] })

/** Files named `5120x2880.<ext>` under the extracted package, sorted for a stable order. */
const findPhotos = async (root: string, ext: string): Promise<string[]> => {
  const found: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.name === `${PHOTO_SIZE}.${ext}`) found.push(path)
    }
  }
  if (existsSync(root)) await walk(root)
  return found.sort()
}

/** Where the studio tests' `npm run fetch:photos` extracts the same package. */
const SHARED_EXTRACTED = resolve('.cache/wallpapers')
const SHARED_FETCH = resolve('scripts/fetch-photos.mjs')

/**
 * The extracted wallpapers: the studio tests' copy when `scripts/fetch-photos.mjs` has made one,
 * otherwise our own, downloaded with apt-get (needs root for the update) and extracted with dpkg-deb.
 */
const fetchWallpapers = async (): Promise<string> => {
  const extracted = join(CACHE_DIR, 'wallpapers')
  for (const dir of [extracted, SHARED_EXTRACTED]) {
    if ((await findPhotos(dir, 'jpg')).length > 0) return dir
  }
  if (existsSync(SHARED_FETCH)) {
    run(process.execPath, [SHARED_FETCH])
    if ((await findPhotos(SHARED_EXTRACTED, 'jpg')).length > 0) return SHARED_EXTRACTED
  }
  const debs = join(CACHE_DIR, 'deb')
  await mkdir(debs, { recursive: true })
  console.log(`bench: downloading Debian's ${PACKAGE} (about 94 MB) into ${debs}`)
  run('apt-get', ['update', '-qq'])
  run('apt-get', ['download', '-qq', PACKAGE], debs)
  const deb = (await readdir(debs)).find((name) => name.endsWith('.deb'))
  if (!deb) throw new Error(`apt-get download ${PACKAGE} left no .deb in ${debs}`)
  run('dpkg-deb', ['-x', join(debs, deb), extracted])
  return extracted
}

const isFresh = async (path: string) => (await stat(path).catch(() => null))?.size ?? 0

/** Derives a file once; later runs reuse it. */
const derive = async (path: string, make: () => Promise<Buffer>): Promise<string> => {
  if ((await isFresh(path)) > 0) return path
  await writeFile(path, await make())
  return path
}

/**
 * Sensor-like grain: the wallpapers are cleaner than camera files, which compress far less;
 * grain brings file sizes and decode work to those of real photographs.
 */
const withGrain = async (image: Sharp, sigma: number): Promise<Sharp> => {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true })
  const { width, height, channels } = info
  const grey = { r: 128, g: 128, b: 128 }
  const noise = await sharp({ create: { width, height, channels: 3, background: grey, noise: { type: 'gaussian', mean: 128, sigma } } })
    .raw()
    .toBuffer()
  return sharp(data, { raw: { width, height, channels } }).composite([
    { input: noise, raw: { width, height, channels: 3 }, blend: 'soft-light' }
  ])
}

/** The JPEG quality that brings `image` closest to `bytes`, found by bisection. */
const jpegNear = async (image: Sharp, bytes: number): Promise<Buffer> => {
  let low = 70
  let high = 100
  let best = await image.clone().jpeg({ quality: 90 }).toBuffer()
  while (high - low > 1) {
    const quality = Math.round((low + high) / 2)
    const encoded = await image.clone().jpeg({ quality }).toBuffer()
    if (Math.abs(encoded.length - bytes) < Math.abs(best.length - bytes)) best = encoded
    if (encoded.length < bytes) low = quality
    else high = quality
  }
  return best
}

/** Downloads (once) and derives every input the benchmark uses. */
export const prepareInputs = async (uploadFiles: number): Promise<BenchInputs> => {
  await mkdir(CACHE_DIR, { recursive: true })
  const root = await fetchWallpapers()
  const jpegs = await findPhotos(root, 'jpg')
  const pngs = await findPhotos(root, 'png')
  if (jpegs.length === 0 || pngs.length === 0) throw new Error(`no ${PHOTO_SIZE} wallpapers under ${root}`)
  const first = jpegs[0] as string
  const derived = join(CACHE_DIR, 'derived')
  await mkdir(derived, { recursive: true })
  const sharpShape = await derive(join(derived, 'sharp-shape-2725x2225.jpg'), async () =>
    (await withGrain(sharp(first).resize(2725, 2225, { fit: 'cover' }), 12)).jpeg({ quality: 90 }).toBuffer()
  )
  const preview24mp = await derive(join(derived, 'photo-6000x4000.jpg'), async () =>
    (await withGrain(sharp(first).resize(6000, 4000, { fit: 'cover' }), 12)).jpeg({ quality: 90 }).toBuffer()
  )
  // distinct files: every photo, then mirrored, then flipped, each re-encoded near 5 MB
  const photos = [...jpegs, ...pngs]
  const uploads: string[] = []
  for (let i = 0; i < uploadFiles; i++) {
    const photo = photos[i % photos.length] as string
    const variant = Math.floor(i / photos.length) % 4
    uploads.push(
      await derive(join(derived, `upload-${i}.jpg`), async () => {
        let image = sharp(photo).removeAlpha()
        if (variant & 1) image = image.flop()
        if (variant & 2) image = image.flip()
        const grained = await withGrain(image, 20)
        return jpegNear(sharp(await grained.png({ compressionLevel: 0 }).toBuffer()), 5_000_000)
      })
    )
  }
  return { jpegs, pngs, sharpShape, preview24mp, uploads }
}

/** Removes everything the benchmark derived (keeps the download). */
export const clearDerived = () => rm(join(CACHE_DIR, 'derived'), { recursive: true, force: true })
