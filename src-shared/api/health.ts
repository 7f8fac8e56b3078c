/** Whether the store takes new originals: yes, not at all (read-only, no permission), or no room. */
export type StoreState = 'ok' | 'read_only' | 'full'

/** `store` of `GET /_darkroom/health`. */
export interface StoreHealth {
  state: StoreState
  /** A sentence for people: what is wrong and what still works. */
  message: string
  /** When the store entered this state (RFC 3339); null when it has been ok since start. */
  since: string | null
}

/** An image whose original is damaged or missing. */
export interface DamagedOriginalImage {
  organization: string
  hash: string
  name: string
  /** In the trash. */
  deleted: boolean
}

/** A stored original that no longer re-hashes to its name, or whose file is gone. */
export interface DamagedOriginal {
  blob_hash: string
  /** When the damage was first seen (RFC 3339). */
  found: string
  /** The images using it (only those of organizations the caller may read). */
  images: DamagedOriginalImage[]
}

/**
 * `scrub` of `GET /_darkroom/health`: the background re-hashing of stored originals and what it,
 * or a download or render that re-hashed an original, found.
 */
export interface ScrubHealth {
  /** Stored originals used by images. */
  objects: number
  /** Originals re-hashed in the current pass. */
  checked: number
  /** Completed passes over every original. */
  passes: number
  /** The configured rate: percentage of the originals re-hashed per day. */
  percent_per_day: number
  /** When an original was last re-hashed by the scrub (RFC 3339), or null. */
  last_run: string | null
  /** When the last pass over every original completed, or null. */
  last_pass: string | null
  /** Originals whose bytes no longer match their SHA-1 (the first `list_limit`). */
  corrupt: DamagedOriginal[]
  /** Originals whose file is gone (the first `list_limit`). */
  missing: DamagedOriginal[]
  /** How many originals each list holds at most. */
  list_limit: number
  /** All corrupt and all missing originals the caller may see, listed or not. */
  corrupt_total: number
  missing_total: number
  /** Images using those originals. */
  corrupt_images: number
  missing_images: number
}

/** `GET /_darkroom/health`. */
export interface DarkroomHealth {
  store: StoreHealth
  /**
   * Whether renders can be written to the render cache. When not, renders are still served,
   * each request rendering again.
   */
  render_cache: StoreHealth
  scrub: ScrubHealth
}
