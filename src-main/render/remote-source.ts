import type { OrganizationRecord } from '../identity/organization-repo'
import type { Db } from '../storage/db'
import type { SourceImageRecord, SourceImageRepo } from '../storage/source-image-repo'
import type { UploadService } from '../library/upload-service'
import { openRemoteImage, type RemoteFetchOptions } from '../net/remote-fetch'
import { forbidden } from '../errors'
import { nowRfc3339 } from '../storage/clock'

const FULL_URL = /^https?:\/\//i

/**
 * The source image for a `-<remote>-` render: a path under `remote_basepath`, or a full URL
 * where `remote_fullurl_allow` (and its whitelist) permit it. Each URL is fetched once, through
 * the same SSRF guard as upload by URL, and imported as a normal source image.
 */
export const createRemoteSources = (deps: {
  db: Db
  images: SourceImageRepo
  uploads: UploadService
  maxBytes: number
  ownPorts: () => number[]
  /** Resolver and allowed endpoints passed to every fetch (tests). */
  fetchOptions?: Pick<RemoteFetchOptions, 'lookup' | 'allowedEndpoints'>
}) => {
  const find = deps.db.prepare<[string, string], { hash: string }>(
    'SELECT hash FROM remote_images WHERE organization_id = ? AND url = ?'
  )
  const remember = deps.db.prepare(
    'INSERT OR REPLACE INTO remote_images (organization_id, url, hash, created) VALUES (?, ?, ?, ?)'
  )

  const urlFor = (remote: string, options: Record<string, unknown>): string => {
    if (FULL_URL.test(remote)) {
      if (options.remote_fullurl_allow !== true) {
        throw forbidden('This stack does not allow full remote URLs (set remote_fullurl_allow).')
      }
      const whitelist = options.remote_fullurl_whitelist
      if (Array.isArray(whitelist) && whitelist.length > 0) {
        const allowed = whitelist.some((pattern) => {
          try {
            return new RegExp(String(pattern)).test(remote)
          } catch {
            return false
          }
        })
        if (!allowed) throw forbidden(`The remote URL ${remote} is not in the stack's remote_fullurl_whitelist.`)
      }
      return remote
    }
    const base = options.remote_basepath
    if (typeof base !== 'string' || base === '') {
      throw forbidden('This stack has no remote_basepath, so it cannot load remote images.')
    }
    return base + remote.replace(/^\/+/, '')
  }

  return {
    /** The source image of a remote render, importing it on first use. */
    resolve: async (
      org: OrganizationRecord,
      remote: string,
      stackOptions: Record<string, unknown>
    ): Promise<SourceImageRecord> => {
      const url = urlFor(remote, { ...org.options, ...stackOptions })
      const known = find.get(org.id, url)
      const existing = known && deps.images.find(org.id, known.hash)
      if (existing) return existing
      const fetched = await openRemoteImage(url, {
        ...deps.fetchOptions,
        maxBytes: deps.maxBytes,
        allowPrivateAddresses: org.options.allow_local_sources === true,
        blockedPorts: deps.ownPorts()
      })
      const staged = await deps.uploads.stage(fetched.body)
      const [record] = await deps.uploads.importAll(org.id, [{ staged, name: fetched.fileName }], null)
      if (!record) throw new Error('import returned nothing')
      remember.run(org.id, url, record.hash, nowRfc3339())
      return record
    }
  }
}

export type RemoteSources = ReturnType<typeof createRemoteSources>
