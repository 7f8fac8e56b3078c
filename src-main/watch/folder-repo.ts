import { randomUUID } from 'node:crypto'
import type { Db } from '../storage/db'
import type { WatchedFolderCounts } from '../../src-shared/api/watched-folders'
import { nowRfc3339 } from '../storage/clock'

interface FolderRow {
  id: string
  path: string
  organization_id: string
  recursive: number
  include_patterns: string
  exclude_patterns: string
  user_metadata: string
  trash_on_delete: number
  paused: number
  transient: number
  imported: number
  known: number
  skipped: number
  failed: number
  created: string
}

/** A watched folder's settings and counts as stored. */
export interface FolderRecord {
  id: string
  path: string
  organizationId: string
  recursive: boolean
  include: string[]
  exclude: string[]
  userMetadata: Record<string, unknown>
  trashOnDelete: boolean
  paused: boolean
  transient: boolean
  counts: WatchedFolderCounts
  created: string
}

export type FolderSettings = Pick<
  FolderRecord,
  'recursive' | 'include' | 'exclude' | 'userMetadata' | 'trashOnDelete'
>

const fromRow = (row: FolderRow): FolderRecord => ({
  id: row.id,
  path: row.path,
  organizationId: row.organization_id,
  recursive: row.recursive === 1,
  include: JSON.parse(row.include_patterns) as string[],
  exclude: JSON.parse(row.exclude_patterns) as string[],
  userMetadata: JSON.parse(row.user_metadata) as Record<string, unknown>,
  trashOnDelete: row.trash_on_delete === 1,
  paused: row.paused === 1,
  transient: row.transient === 1,
  counts: { imported: row.imported, known: row.known, skipped: row.skipped, failed: row.failed },
  created: row.created
})

export type CountName = keyof WatchedFolderCounts

/** Rows of `watched_folders`. */
export const createFolderRepo = (db: Db) => {
  const byId = db.prepare<[string], FolderRow>('SELECT * FROM watched_folders WHERE id = ?')
  const all = db.prepare<[], FolderRow>('SELECT * FROM watched_folders ORDER BY created, path')
  const byPath = db.prepare<[string, string], FolderRow>(
    'SELECT * FROM watched_folders WHERE path = ? AND organization_id = ?'
  )
  const insert = db.prepare(
    `INSERT INTO watched_folders (id, path, organization_id, recursive, include_patterns,
       exclude_patterns, user_metadata, trash_on_delete, transient, created)
     VALUES (@id, @path, @organization_id, @recursive, @include_patterns, @exclude_patterns,
       @user_metadata, @trash_on_delete, @transient, @created)`
  )
  const updateSettings = db.prepare(
    `UPDATE watched_folders SET recursive = @recursive, include_patterns = @include_patterns,
       exclude_patterns = @exclude_patterns, user_metadata = @user_metadata,
       trash_on_delete = @trash_on_delete WHERE id = @id`
  )
  const setPaused = db.prepare('UPDATE watched_folders SET paused = ? WHERE id = ?')
  const setTransient = db.prepare('UPDATE watched_folders SET transient = ? WHERE id = ?')
  const remove = db.prepare('DELETE FROM watched_folders WHERE id = ?')
  const bump: Record<CountName, ReturnType<Db['prepare']>> = {
    imported: db.prepare('UPDATE watched_folders SET imported = imported + 1 WHERE id = ?'),
    known: db.prepare('UPDATE watched_folders SET known = known + 1 WHERE id = ?'),
    skipped: db.prepare('UPDATE watched_folders SET skipped = skipped + 1 WHERE id = ?'),
    failed: db.prepare('UPDATE watched_folders SET failed = failed + 1 WHERE id = ?')
  }

  return {
    get: (id: string): FolderRecord | undefined => {
      const row = byId.get(id)
      return row ? fromRow(row) : undefined
    },
    list: (): FolderRecord[] => all.all().map(fromRow),
    findByPath: (path: string, organizationId: string): FolderRecord | undefined => {
      const row = byPath.get(path, organizationId)
      return row ? fromRow(row) : undefined
    },
    create: (
      input: { path: string; organizationId: string; transient: boolean } & FolderSettings
    ): FolderRecord => {
      const id = randomUUID()
      insert.run({
        id,
        path: input.path,
        organization_id: input.organizationId,
        recursive: input.recursive ? 1 : 0,
        include_patterns: JSON.stringify(input.include),
        exclude_patterns: JSON.stringify(input.exclude),
        user_metadata: JSON.stringify(input.userMetadata),
        trash_on_delete: input.trashOnDelete ? 1 : 0,
        transient: input.transient ? 1 : 0,
        created: nowRfc3339()
      })
      return fromRow(byId.get(id) as FolderRow)
    },
    updateSettings: (id: string, settings: FolderSettings): void => {
      updateSettings.run({
        id,
        recursive: settings.recursive ? 1 : 0,
        include_patterns: JSON.stringify(settings.include),
        exclude_patterns: JSON.stringify(settings.exclude),
        user_metadata: JSON.stringify(settings.userMetadata),
        trash_on_delete: settings.trashOnDelete ? 1 : 0
      })
    },
    setPaused: (id: string, paused: boolean): void => void setPaused.run(paused ? 1 : 0, id),
    setTransient: (id: string, transient: boolean): void =>
      void setTransient.run(transient ? 1 : 0, id),
    remove: (id: string): void => void remove.run(id),
    /** Adds one to a count; call inside the transaction that records the file. */
    count: (id: string, name: CountName): void => void bump[name].run(id)
  }
}

export type FolderRepo = ReturnType<typeof createFolderRepo>
