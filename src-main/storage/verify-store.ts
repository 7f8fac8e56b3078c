import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { sha1OfFile } from './hash-file'

/** A source image that points at a damaged or missing object. */
export interface AffectedImage {
  organization: string
  hash: string
}

/** An object whose file is gone or whose bytes hash to something else than its name. */
export interface DamagedObject {
  blobHash: string
  /** The SHA-1 its bytes have now; absent when the file is missing. */
  actualHash?: string
  images: AffectedImage[]
}

/** A render cache entry whose file is gone or does not have the size its row records. */
export interface DamagedRender {
  key: string
  organization: string
  image: string
  reason: string
}

export interface VerifyReport {
  dataDir: string
  /** Percentage of objects re-hashed (restic's `--read-data-subset`). */
  samplePercent: number
  rows: number
  objects: number
  objectsHashed: number
  /** Objects whose bytes do not hash to their name (I2). */
  corrupt: DamagedObject[]
  /** Objects rows refer to that are not on disk (I3). */
  missing: DamagedObject[]
  /** Objects no row refers to (I4): harmless, the garbage collector removes them after a grace period. */
  orphans: string[]
  /** Files under `objects/` that are not named by a SHA-1 in their right folder. */
  strays: string[]
  /** Leftovers in the temp folders: harmless, removed at the next start. */
  tempFiles: number
  renders: number
  damagedRenders: DamagedRender[]
  /** `PRAGMA integrity_check`: `ok`, or what SQLite found. */
  integrity: string
  /** Corrupt + missing objects + damaged renders + strays, plus one for a database that is not ok. */
  problems: number
}

export interface VerifyOptions {
  /** Re-hash this percentage of objects, chosen at random (default 100: all). */
  samplePercent?: number
  /** Random numbers in [0, 1) for the sample; tests pass their own. */
  random?: () => number
}

const SHA1 = /^[0-9a-f]{40}$/
const RENDER_KEY = /^[0-9a-f]{64}$/

interface ImageRow {
  organization: string
  hash: string
  blob_hash: string
}

interface RenderRow {
  key: string
  organization: string
  hash: string
  size: number
}

const listDir = async (dir: string): Promise<string[]> => {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

const sizeOf = async (path: string): Promise<number | null> => {
  try {
    return (await stat(path)).size
  } catch {
    return null
  }
}

/** Objects on disk, by name; files that cannot be objects are returned apart. */
const scanObjects = async (objectsDir: string) => {
  const objects = new Set<string>()
  const strays: string[] = []
  for (const prefix of await listDir(objectsDir)) {
    for (const name of await listDir(join(objectsDir, prefix))) {
      if (SHA1.test(name) && name.startsWith(prefix)) objects.add(name)
      else strays.push(`${prefix}/${name}`)
    }
  }
  return { objects, strays }
}

const readDatabase = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const images = db
      .prepare(
        `SELECT o.name AS organization, s.hash AS hash, s.blob_hash AS blob_hash
         FROM source_images s LEFT JOIN organizations o ON o.id = s.organization_id
         ORDER BY o.name, s.hash`
      )
      .all() as ImageRow[]
    const renders = db
      .prepare(
        `SELECT r.key AS key, o.name AS organization, r.hash AS hash, r.size AS size
         FROM render_cache r LEFT JOIN organizations o ON o.id = r.organization_id`
      )
      .all() as RenderRow[]
    const found = db.pragma('integrity_check') as { integrity_check: string }[]
    const integrity = found.map((row) => row.integrity_check).join('; ') || 'no answer'
    return { images, renders, integrity }
  } finally {
    db.close()
  }
}

/**
 * Checks a Darkroom data folder from the outside: every object re-hashes to its name, every row's
 * object exists, every render cache entry has its recorded size, and SQLite's own integrity check
 * passes. Only reads; safe while the server runs.
 */
export const verifyStore = async (dataDir: string, options: VerifyOptions = {}): Promise<VerifyReport> => {
  const samplePercent = Math.min(100, Math.max(0, options.samplePercent ?? 100))
  const random = options.random ?? Math.random
  const objectsDir = join(dataDir, 'blobs', 'objects')
  const rendersDir = join(dataDir, 'renders')

  let database: ReturnType<typeof readDatabase>
  try {
    database = readDatabase(join(dataDir, 'darkroom.sqlite'))
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    database = { images: [], renders: [], integrity: `cannot read the database: ${why}` }
  }
  const { objects, strays } = await scanObjects(objectsDir)

  const imagesByBlob = new Map<string, AffectedImage[]>()
  for (const row of database.images) {
    const list = imagesByBlob.get(row.blob_hash) ?? []
    list.push({ organization: row.organization ?? '(deleted organization)', hash: row.hash })
    imagesByBlob.set(row.blob_hash, list)
  }

  const missing: DamagedObject[] = [...imagesByBlob.entries()]
    .filter(([blobHash]) => !objects.has(blobHash))
    .map(([blobHash, images]) => ({ blobHash, images }))
  const orphans = [...objects].filter((name) => !imagesByBlob.has(name)).sort()

  const corrupt: DamagedObject[] = []
  let objectsHashed = 0
  for (const name of [...objects].sort()) {
    if (samplePercent < 100 && random() * 100 >= samplePercent) continue
    objectsHashed++
    const actualHash = await sha1OfFile(join(objectsDir, name.slice(0, 2), name))
    if (actualHash !== name) corrupt.push({ blobHash: name, actualHash, images: imagesByBlob.get(name) ?? [] })
  }

  const damagedRenders: DamagedRender[] = []
  for (const row of database.renders) {
    const where = { key: row.key, organization: row.organization ?? '(deleted organization)', image: row.hash }
    if (!RENDER_KEY.test(row.key)) {
      damagedRenders.push({ ...where, reason: 'its key is not a render key' })
      continue
    }
    const size = await sizeOf(join(rendersDir, row.key.slice(0, 2), row.key))
    if (size === null) damagedRenders.push({ ...where, reason: 'its file is missing' })
    else if (size !== row.size) {
      damagedRenders.push({ ...where, reason: `its file has ${size} bytes, ${row.size} were written` })
    }
  }

  const tempFiles =
    (await listDir(join(dataDir, 'blobs', 'tmp'))).length + (await listDir(join(rendersDir, 'tmp'))).length
  const problems =
    corrupt.length + missing.length + strays.length + damagedRenders.length + (database.integrity === 'ok' ? 0 : 1)
  return {
    dataDir,
    samplePercent,
    rows: database.images.length,
    objects: objects.size,
    objectsHashed,
    corrupt,
    missing,
    orphans,
    strays,
    tempFiles,
    renders: database.renders.length,
    damagedRenders,
    integrity: database.integrity,
    problems
  }
}

const imagesText = (images: AffectedImage[]): string =>
  images.length === 0 ? 'no source image uses it' : images.map((i) => `${i.organization}/${i.hash}`).join(', ')

/** The report as lines a person reads in a terminal. */
export const formatVerifyReport = (report: VerifyReport): string => {
  const lines = [
    `Darkroom store at ${report.dataDir}`,
    `  ${report.rows} source images, ${report.objects} objects, ${report.objectsHashed} re-hashed (${report.samplePercent}% sample), ${report.renders} cached renders`,
    `  database integrity: ${report.integrity}`
  ]
  for (const object of report.corrupt) {
    lines.push(`  CORRUPT object ${object.blobHash}: its bytes hash to ${object.actualHash}; ${imagesText(object.images)}`)
  }
  for (const object of report.missing) {
    lines.push(`  MISSING object ${object.blobHash}: ${imagesText(object.images)}`)
  }
  for (const stray of report.strays) lines.push(`  STRAY file objects/${stray}: not a content-addressed object`)
  for (const render of report.damagedRenders) {
    lines.push(`  DAMAGED render ${render.key} of ${render.organization}/${render.image}: ${render.reason} (it is rendered again on the next request)`)
  }
  if (report.orphans.length > 0) {
    lines.push(`  ${report.orphans.length} orphan object(s) no image uses; the garbage collector removes them`)
  }
  if (report.tempFiles > 0) lines.push(`  ${report.tempFiles} temp file(s) left by an interrupted write; removed at the next start`)
  lines.push(report.problems === 0 ? 'No problems found.' : `${report.problems} problem(s) found.`)
  return lines.join('\n')
}
