import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './environment'

export const PHOTOS_DIR = join(ROOT, '.cache/photos')
const MANIFEST = join(PHOTOS_DIR, 'manifest.json')

/** The photographs `scripts/fetch-photos.mjs` put in `.cache/photos`, by file name. */
export interface Photos {
  dir: string
  /** Absolute paths of every photo (JPEG, WebP and PNG). */
  all: string[]
  /** Absolute paths of the JPEGs. */
  jpegs: string[]
  path(name: string): string
}

/** Fetches the photos when they are missing (the script is idempotent and needs apt-get). */
export const ensurePhotos = (): void => {
  if (existsSync(MANIFEST)) return
  console.log('studio e2e: fetching photographs (node scripts/fetch-photos.mjs)')
  execFileSync(process.execPath, ['scripts/fetch-photos.mjs'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit']
  })
}

export const loadPhotos = (): Photos => {
  if (!existsSync(MANIFEST)) {
    throw new Error(`No photos in ${PHOTOS_DIR}: run node scripts/fetch-photos.mjs (as root)`)
  }
  const { photos } = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { photos: string[] }
  const all = photos.map((name) => join(PHOTOS_DIR, name))
  return {
    dir: PHOTOS_DIR,
    all,
    jpegs: all.filter((path) => path.endsWith('.jpg')),
    path: (name) => {
      if (!photos.includes(name)) throw new Error(`There is no photo ${name} in ${PHOTOS_DIR}`)
      return join(PHOTOS_DIR, name)
    }
  }
}
