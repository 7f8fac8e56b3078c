/** What a watched folder is doing: importing as files arrive, paused, or stuck on an error. */
export type WatchedFolderState = 'starting' | 'watching' | 'paused' | 'error'

/** How many files of a folder ended which way since it was added. */
export interface WatchedFolderCounts {
  /** Files whose content became a new source image. */
  imported: number
  /** Files whose content was already in the organization (copies, renames, moves). */
  known: number
  /** Files Darkroom cannot read as images (corrupt, too large, unsupported); reason in activity. */
  skipped: number
  /** Files that could not be imported for another reason (disk full, permissions). */
  failed: number
}

export type WatchActivityKind =
  'imported' | 'known' | 'skipped' | 'failed' | 'ignored' | 'removed' | 'trashed' | 'state'

/** One thing that happened in a watched folder. */
export interface WatchActivity {
  /** Increases by one with every event of the engine, across folders. */
  seq: number
  /** RFC 3339. */
  at: string
  kind: WatchActivityKind
  /** The file, relative to the folder; empty for folder-wide events. */
  path: string
  message: string
  /** The source image's hash for imported and known files. */
  hash?: string
}

/** A watched folder as `/_darkroom/watched-folders` shows it. */
export interface WatchedFolder {
  id: string
  /** Absolute path on this computer. */
  path: string
  organization: string
  recursive: boolean
  /** Glob patterns of files to import: without a "/" they match the file name, else the path relative to the folder. */
  include: string[]
  exclude: string[]
  /** Set on every image imported from the folder. */
  user_metadata: Record<string, unknown>
  /** Whether deleting a file moves its image to the trash (when no other file still has it). */
  trash_on_delete: boolean
  /** Added by `--watch` for one run of the headless server. */
  transient: boolean
  state: WatchedFolderState
  /** Why the folder is in the error state. */
  error: string | null
  counts: WatchedFolderCounts
  /** Files seen but not yet imported (still being written or waiting in the queue). */
  pending: number
  created: string
  /** The latest events, newest first. */
  activity: WatchActivity[]
}

/** Body of `POST /_darkroom/watched-folders`. */
export interface NewWatchedFolder {
  path: string
  organization: string
  recursive?: boolean
  include?: string[]
  exclude?: string[]
  user_metadata?: Record<string, unknown>
  trash_on_delete?: boolean
}

/** Body of `PATCH /_darkroom/watched-folders/{id}`. */
export type WatchedFolderUpdate = Partial<
  Pick<NewWatchedFolder, 'recursive' | 'include' | 'exclude' | 'user_metadata' | 'trash_on_delete'>
>

/** One file an image came from (`GET /_darkroom/sourceimages/{org}/{hash}/origins`). */
export interface ImageOrigin {
  path: string
  folder_path: string
  /** Null when the folder is no longer watched. */
  folder_id: string | null
  first_seen: string
  last_seen: string
  /** When the file was deleted or its content replaced; null while it is still there. */
  gone: string | null
}

/** An event of the live stream `GET /_darkroom/watched-folders/events` (`data:` of each SSE message). */
export interface WatchStreamEvent {
  folder: WatchedFolder | null
  /** Set when a folder was removed. */
  removed?: string
  activity?: WatchActivity
}

/** The image formats Darkroom reads, as the default include patterns of a folder. */
export const DEFAULT_WATCH_INCLUDE = [
  '*.{jpg,jpeg,jpe,png,webp,gif,avif,tif,tiff,svg,heic,heif,jxl,psd,psb,pdf,eps}'
] as const
