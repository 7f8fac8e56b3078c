import Database from 'better-sqlite3'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

export type Db = Database.Database

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations')

/** Migration files `NNN-name.sql`, applied in order, each exactly once. */
const listMigrations = (): { version: number; name: string; sql: string }[] =>
  readdirSync(migrationsDir)
    .filter((file) => /^\d{3}-.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file,
      sql: readFileSync(join(migrationsDir, file), 'utf8')
    }))

/** Applies pending migrations; each one and its version bump commit together, so a crash mid-way leaves the old schema. */
export const migrate = (db: Db): void => {
  const current = db.pragma('user_version', { simple: true }) as number
  for (const migration of listMigrations()) {
    if (migration.version <= current) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
}

/**
 * Opens (creating if needed) the metadata database: WAL for concurrent readers,
 * synchronous=FULL so a committed upload survives power loss, foreign keys on.
 */
export const openDb = (file: string): Db => {
  const db = new Database(file)
  if (file !== ':memory:') db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  keepPlannerStatisticsFresh(db)
  return db
}

/**
 * Gives SQLite's query planner statistics, as SQLite advises for long-lived connections: without
 * them a metadata search counts its matches by scanning every image instead of walking the
 * metadata index. Bounded sampling keeps it to milliseconds; re-run every 10 minutes so a
 * library that grows while Darkroom runs keeps good plans (a no-op when little has changed).
 */
const keepPlannerStatisticsFresh = (db: Db): void => {
  // statistics only speed queries up: a full or read-only disk must not stop Darkroom over them
  const optimize = (mode: string) => {
    try {
      if (db.open) db.pragma(mode)
    } catch {
      // the next round tries again
    }
  }
  db.pragma('analysis_limit = 400')
  optimize('optimize = 0x10002')
  setInterval(() => optimize('optimize'), 10 * 60_000).unref()
}
