// Real photographs for the studio's end-to-end tests, taken from Debian's KDE Plasma wallpapers
// (plasma-workspace-wallpapers) into .cache/photos/. Needs apt-get (run as root on a fresh
// machine, so the package lists can be updated). Does nothing when the photos are already there.
import { execFileSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CACHE = join(ROOT, '.cache')
const DEBS = join(CACHE, 'debs')
const EXTRACTED = join(CACHE, 'wallpapers')
const PHOTOS = join(CACHE, 'photos')
const MANIFEST = join(PHOTOS, 'manifest.json')
const PACKAGE = 'plasma-workspace-wallpapers'
const MIN_PHOTOS = 5

// Photographs (not drawings) among Plasma's wallpapers; whichever of them the package still has.
const WANTED = [
  ['BytheWater', 'by-the-water'],
  ['ColdRipple', 'cold-ripple'],
  ['EveningGlow', 'evening-glow'],
  ['FallenLeaf', 'fallen-leaf'],
  ['Path', 'forest-path'],
  ['summer_1am', 'summer-night'],
  ['ColorfulCups', 'colorful-cups']
]

const run = (command, args, cwd = ROOT) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] })

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** The largest JPEG of a Plasma wallpaper folder (`contents/images/<w>x<h>.jpg`), or null. */
const largestJpeg = (wallpaper) => {
  const dir = join(EXTRACTED, 'usr/share/wallpapers', wallpaper, 'contents/images')
  if (!existsSync(dir)) return null
  const files = readdirSync(dir)
    .filter((name) => /\.jpe?g$/i.test(name))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort((a, b) => statSync(b).size - statSync(a).size)
  return files[0] ?? null
}

const fetchPackage = () => {
  mkdirSync(DEBS, { recursive: true })
  const have = readdirSync(DEBS).find((name) => name.startsWith(`${PACKAGE}_`))
  if (have === undefined) {
    if (isRoot()) run('apt-get', ['update', '-qq'])
    // apt-get download needs no root, only package lists that name the package
    run('apt-get', ['download', '-q', PACKAGE], DEBS)
  }
  const deb = readdirSync(DEBS).find((name) => name.startsWith(`${PACKAGE}_`))
  if (deb === undefined) throw new Error(`apt-get download ${PACKAGE} left no .deb in ${DEBS}`)
  rmSync(EXTRACTED, { recursive: true, force: true })
  run('dpkg-deb', ['-x', join(DEBS, deb), EXTRACTED])
}

const main = async () => {
  if (existsSync(MANIFEST)) {
    console.log(`Photos for the studio tests are already in ${PHOTOS}.`)
    return
  }
  fetchPackage()
  rmSync(PHOTOS, { recursive: true, force: true })
  mkdirSync(PHOTOS, { recursive: true })
  const photos = []
  for (const [wallpaper, name] of WANTED) {
    const source = largestJpeg(wallpaper)
    if (source === null) continue
    const file = `${name}.jpg`
    copyFileSync(source, join(PHOTOS, file))
    photos.push(file)
  }
  if (photos.length < MIN_PHOTOS) {
    throw new Error(`${PACKAGE} has only ${photos.length} of the photos; ${MIN_PHOTOS} are needed`)
  }
  // The same kind of photograph in the other formats the studio must take: WebP and PNG.
  const [first, second] = photos
  const webp = first.replace('.jpg', '.webp')
  const png = second.replace('.jpg', '.png')
  await sharp(join(PHOTOS, first)).webp({ quality: 82 }).toFile(join(PHOTOS, webp))
  await sharp(join(PHOTOS, second)).resize({ width: 1280 }).png().toFile(join(PHOTOS, png))
  photos.push(webp, png)
  // the extracted package stays in .cache/wallpapers: the benchmarks use its larger originals
  // written last: its presence means the set is complete
  writeFileSync(MANIFEST, `${JSON.stringify({ source: PACKAGE, photos }, null, 2)}\n`)
  console.log(`${photos.length} photos from ${PACKAGE} in ${PHOTOS}.`)
}

main().catch((error) => {
  console.error(`fetch-photos: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
