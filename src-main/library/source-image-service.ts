import type { Db } from '../storage/db'
import type { SourceImageRecord, SourceImageRepo } from '../storage/source-image-repo'
import { computeImageHash } from '../storage/image-identity'
import { indexUserMetadataValue, normaliseUserMetadata } from '../storage/user-metadata'
import { nowRfc3339, toRfc3339 } from '../storage/clock'
import { badRequest, imageLocked, notFound, preconditionFailed, sourceImageNotFound } from '../errors'
import { parseDynamicMetadata } from './dynamic-metadata'

export const RESTORE_WINDOW_DAYS = 30

export type CopyOutcome = 'created' | 'overwritten'

/** Outcome of a change that may move an image to a new hash. */
export interface HashChange {
  image: SourceImageRecord
  changed: boolean
}

/** Everything done to existing source images: metadata, flags, delete/restore, copies. */
export const createSourceImageService = (deps: { db: Db; images: SourceImageRepo }) => {
  const { db, images } = deps
  /** Runs `fn` in one SQLite transaction; typed as a plain function for callers. */
  const inTransaction = <A extends unknown[], R>(fn: (...args: A) => R): ((...args: A) => R) => {
    const transaction = db.transaction(fn)
    return (...args: A) => transaction(...args)
  }

  const findOrThrow = (orgId: string, orgName: string, hash: string, includeDeleted = false) => {
    const image = images.find(orgId, hash, includeDeleted)
    if (!image) throw sourceImageNotFound(orgName, hash)
    return image
  }

  const assertUnlocked = (image: SourceImageRecord) => {
    if (image.locked) throw imageLocked(image.hash)
  }

  /** Moves `image` to the hash its new dynamic metadata / protection gives, as rokka does. */
  const rehash = inTransaction(
    (
      image: SourceImageRecord,
      dynamicMetadata: Record<string, unknown>,
      isProtected: boolean,
      options: { deletePrevious: boolean; keepHash: boolean }
    ): HashChange => {
      if (options.keepHash) {
        const updated = { ...image, dynamicMetadata, isProtected }
        images.update(updated)
        return { image: updated, changed: false }
      }
      const hash = computeImageHash(image.binaryHash, dynamicMetadata, isProtected)
      if (hash === image.hash) return { image, changed: false }
      const existing = images.get(image.organizationId, hash)
      let target: SourceImageRecord
      if (existing && existing.deletedDate === null) {
        target = existing // an existing image keeps its own metadata
      } else if (existing) {
        target = { ...existing, deletedDate: null }
        images.update(target)
      } else {
        target = { ...image, hash, dynamicMetadata, isProtected, created: nowRfc3339(), deletedDate: null }
        images.insert(target)
      }
      if (options.deletePrevious) images.update({ ...image, deletedDate: nowRfc3339() })
      return { image: target, changed: true }
    }
  )

  return {
    findOrThrow,

    softDelete: (orgId: string, orgName: string, hash: string) => {
      const image = findOrThrow(orgId, orgName, hash)
      assertUnlocked(image)
      images.update({ ...image, deletedDate: nowRfc3339() })
    },

    deleteByBinaryHash: inTransaction((orgId: string, binaryHash: string): void => {
      const found = images.listByBinaryHash(orgId, binaryHash)
      if (found.length === 0) throw notFound(`No source image with binary hash "${binaryHash}".`)
      const locked = found.find((image) => image.locked)
      if (locked) throw imageLocked(locked.hash)
      const now = nowRfc3339()
      for (const image of found) images.update({ ...image, deletedDate: now })
    }),

    restore: (orgId: string, orgName: string, hash: string) => {
      const image = findOrThrow(orgId, orgName, hash, true)
      if (image.deletedDate === null) return image
      const cutoff = Date.now() - RESTORE_WINDOW_DAYS * 86_400_000
      if (Date.parse(image.deletedDate) < cutoff) throw sourceImageNotFound(orgName, hash)
      const restored = { ...image, deletedDate: null }
      images.update(restored)
      return restored
    },

    rename: (orgId: string, orgName: string, hash: string, name: unknown) => {
      if (typeof name !== 'string' || name.trim() === '') {
        throw badRequest('The new name must be a non-empty JSON string, e.g. "photo.jpg".')
      }
      const image = findOrThrow(orgId, orgName, hash)
      const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255)
      images.update({ ...image, name: cleaned })
    },

    setLocked: (orgId: string, orgName: string, hash: string, locked: boolean) => {
      const image = findOrThrow(orgId, orgName, hash)
      const updated = { ...image, locked }
      images.update(updated)
      return updated
    },

    setProtected: (
      orgId: string,
      orgName: string,
      hash: string,
      isProtected: boolean,
      deletePrevious: boolean
    ): HashChange => {
      const image = findOrThrow(orgId, orgName, hash)
      if (deletePrevious) assertUnlocked(image)
      return rehash(image, image.dynamicMetadata, isProtected, { deletePrevious, keepHash: false })
    },

    setDynamicMetadata: (
      orgId: string,
      orgName: string,
      hash: string,
      name: string,
      data: unknown,
      options: { deletePrevious: boolean; keepHash: boolean }
    ): HashChange => {
      if (options.deletePrevious && options.keepHash) {
        throw badRequest('keepHash and deletePrevious cannot be used together.')
      }
      const image = findOrThrow(orgId, orgName, hash)
      if (options.deletePrevious) assertUnlocked(image)
      const next = { ...image.dynamicMetadata, [name]: parseDynamicMetadata(name, data) }
      return rehash(image, next, image.isProtected, options)
    },

    deleteDynamicMetadata: (
      orgId: string,
      orgName: string,
      hash: string,
      name: string,
      options: { deletePrevious: boolean; keepHash: boolean }
    ): HashChange => {
      if (options.deletePrevious && options.keepHash) {
        throw badRequest('keepHash and deletePrevious cannot be used together.')
      }
      const image = findOrThrow(orgId, orgName, hash)
      if (!(name in image.dynamicMetadata)) {
        throw notFound(`Source image "${image.hash}" has no dynamic metadata "${name}".`)
      }
      if (options.deletePrevious) assertUnlocked(image)
      const next = { ...image.dynamicMetadata }
      delete next[name]
      return rehash(image, next, image.isProtected, options)
    },

    /** PATCH (merge; null deletes a field) or PUT (replace) of user metadata. */
    writeUserMetadata: (
      orgId: string,
      orgName: string,
      hash: string,
      body: unknown,
      mode: 'merge' | 'replace'
    ) => {
      const image = findOrThrow(orgId, orgName, hash)
      assertUnlocked(image)
      if (body === null || typeof body !== 'object' || (Array.isArray(body) && body.length > 0)) {
        throw badRequest('User metadata must be a JSON object of field names to values.')
      }
      const entries = Object.entries(body as Record<string, unknown>)
      const removals = entries.filter(([, value]) => value === null).map(([key]) => key)
      const additions = normaliseUserMetadata(
        Object.fromEntries(entries.filter(([, value]) => value !== null))
      )
      const base = mode === 'merge' ? { ...image.userMetadata } : {}
      for (const key of removals) delete base[key]
      images.update({ ...image, userMetadata: { ...base, ...additions } })
    },

    writeUserMetadataField: (
      orgId: string,
      orgName: string,
      hash: string,
      field: string,
      value: unknown
    ) => {
      const image = findOrThrow(orgId, orgName, hash)
      assertUnlocked(image)
      indexUserMetadataValue(field, value)
      const stored = Array.isArray(value) ? value.map(String) : value
      images.update({ ...image, userMetadata: { ...image.userMetadata, [field]: stored } })
    },

    deleteUserMetadataField: (orgId: string, orgName: string, hash: string, field: string) => {
      const image = findOrThrow(orgId, orgName, hash)
      assertUnlocked(image)
      if (!(field in image.userMetadata)) {
        throw notFound(`Source image "${image.hash}" has no user metadata field "${field}".`)
      }
      const next = { ...image.userMetadata }
      delete next[field]
      images.update({ ...image, userMetadata: next })
    },

    clearUserMetadata: (orgId: string, orgName: string, hash: string) => {
      const image = findOrThrow(orgId, orgName, hash)
      assertUnlocked(image)
      images.update({ ...image, userMetadata: {} })
    },

    /** Copies one image (row only; the object is shared) into another organization. */
    copy: inTransaction(
      (image: SourceImageRecord, destinationId: string, overwrite: boolean): CopyOutcome => {
        const existing = images.get(destinationId, image.hash)
        const copy: SourceImageRecord = {
          ...image,
          organizationId: destinationId,
          locked: false,
          created: existing?.created ?? nowRfc3339(),
          deletedDate: null
        }
        if (!existing) {
          images.insert(copy)
          return 'created'
        }
        if (!overwrite) throw preconditionFailed('The image already exists in the destination organization.')
        images.update(copy)
        return 'overwritten'
      }
    ),

    /** Hard-deletes rows past the restore window; returns how many went. */
    purgeExpired: inTransaction((): SourceImageRecord[] => {
      const cutoff = toRfc3339(new Date(Date.now() - RESTORE_WINDOW_DAYS * 86_400_000))
      const expired = images.listDeletedBefore(cutoff)
      for (const image of expired) images.purge(image.organizationId, image.hash)
      return expired
    })
  }
}

export type SourceImageService = ReturnType<typeof createSourceImageService>
