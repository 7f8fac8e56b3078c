import type { Db } from '../storage/db'
import { toRfc3339 } from '../storage/clock'

interface StatPoint {
  timestamp: string
  value: number
  unit: string | null
}

export interface OrganizationStats {
  space_in_bytes: StatPoint[]
  number_of_files: StatPoint[]
  bytes_downloaded: StatPoint[]
  bytes_downloaded_external: StatPoint[]
}

/**
 * Daily points, newest first, from `from` to `to` (inclusive): the images alive at the end of
 * each day (created by then, not deleted by then) and their bytes. Downloads are not metered.
 */
export const organizationStats = (db: Db, orgId: string, from: Date, to: Date): OrganizationStats => {
  const query = db.prepare<[string, string, string], { files: number; bytes: number | null }>(
    `SELECT count(*) AS files, sum(size) AS bytes FROM source_images
      WHERE organization_id = ? AND created < ? AND (deleted_date IS NULL OR deleted_date >= ?)`
  )
  const space: StatPoint[] = []
  const files: StatPoint[] = []
  for (let day = to.getTime(); day >= from.getTime(); day -= 86_400_000) {
    const end = toRfc3339(new Date(day + 86_400_000))
    const { files: count, bytes } = query.get(orgId, end, end) ?? { files: 0, bytes: 0 }
    if (count === 0) continue
    const timestamp = toRfc3339(new Date(day))
    space.push({ timestamp, value: bytes ?? 0, unit: 'Bytes' })
    files.push({ timestamp, value: count, unit: null })
  }
  return { space_in_bytes: space, number_of_files: files, bytes_downloaded: [], bytes_downloaded_external: [] }
}
