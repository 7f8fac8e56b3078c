import type { DamagedOriginal, DarkroomHealth } from '../../src-shared/api/health'
import type { DamageRegister, DamagedObjectRecord } from '../storage/damage-register'
import type { StoreWritability } from '../storage/store-writability'
import type { ObjectScrub } from './object-scrub'

export interface StoreHealthService {
  /** The store's health; damaged originals listed with images of the organizations `canRead`. */
  report(canRead: (organizationId: string) => boolean): Promise<DarkroomHealth>
}

const toWire = (
  record: DamagedObjectRecord,
  canRead: (organizationId: string) => boolean
): DamagedOriginal => ({
  blob_hash: record.blobHash,
  found: record.found,
  images: record.images
    .filter((image) => canRead(image.organizationId))
    .map(({ organization, hash, name, deleted }) => ({ organization, hash, name, deleted }))
})

/**
 * Damaged originals listed per state at most: the studio asks every few seconds, and a library
 * whose folder vanished must not make each answer megabytes long. The totals count them all.
 */
export const HEALTH_LIST_LIMIT = 100

const imagesIn = (originals: DamagedOriginal[]): number =>
  originals.reduce((sum, original) => sum + original.images.length, 0)

/** Whether the store takes writes, how far the scrub has come and what is damaged, in one answer. */
export const createStoreHealth = (deps: {
  writability: StoreWritability
  /** Whether renders reach the render cache on disk (they are served either way). */
  renderCacheWritability: StoreWritability
  damage: DamageRegister
  scrub: ObjectScrub
}): StoreHealthService => ({
  report: async (canRead) => {
    const [store, renderCache] = await Promise.all([
      deps.writability.report(),
      deps.renderCacheWritability.report()
    ])
    const status = deps.scrub.status()
    const visible = deps.damage
      .list()
      .map((record) => ({ state: record.state, original: toWire(record, canRead) }))
      .filter(({ original }) => original.images.length > 0)
    const inState = (state: DamagedObjectRecord['state']) =>
      visible.filter((item) => item.state === state).map((item) => item.original)
    const corrupt = inState('damaged')
    const missing = inState('missing')
    return {
      store,
      render_cache: renderCache,
      scrub: {
        objects: status.objects,
        checked: status.checkedInPass,
        passes: status.passes,
        percent_per_day: status.percentPerDay,
        last_run: status.lastCheck,
        last_pass: status.lastPass,
        corrupt: corrupt.slice(0, HEALTH_LIST_LIMIT),
        missing: missing.slice(0, HEALTH_LIST_LIMIT),
        list_limit: HEALTH_LIST_LIMIT,
        corrupt_total: corrupt.length,
        missing_total: missing.length,
        corrupt_images: imagesIn(corrupt),
        missing_images: imagesIn(missing)
      }
    }
  }
})
