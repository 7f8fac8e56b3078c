import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Services } from '../../services'
import type { PendingUpload } from '../../library/upload-service'
import type { StagedBlob } from '../../storage/blob-store'
import { parseOptimizeSource } from '../../library/optimize-source'
import { openRemoteImage } from '../../net/remote-fetch'
import { AppError, badRequest, uploadRequestTooLarge } from '../../errors'
import { authorizeOrg } from '../auth'
import { classifyUploadField, decodeFieldJson, decodeFieldText } from '../multipart-fields'
import { presentImage } from '../present-image'

interface ItemMeta {
  userMetadata?: unknown
  dynamicMetadata?: Record<string, unknown>
  options?: unknown
}

/** Room for the multipart framing and the text fields next to the files of one upload request. */
export const UPLOAD_REQUEST_SLACK_BYTES = 1024 * 1024

/** `POST /sourceimages/{org}`: files (`filedata`, any part name) and/or `url[i]`, with metadata. */
export const registerUploadRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, uploads, images } = services

  const readRequest = async (request: FastifyRequest, allowPrivate: boolean) => {
    const files: { staged: StagedBlob; name: string }[] = []
    const urls = new Map<number, string>()
    const meta = new Map<number, ItemMeta>()
    let optimize: unknown
    const metaAt = (index: number): ItemMeta => {
      const entry = meta.get(index) ?? {}
      meta.set(index, entry)
      return entry
    }
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const staged = await uploads.stage(part.file)
          files.push({ staged, name: part.filename || 'image' })
          continue
        }
        if (part.valueTruncated || part.fieldnameTruncated) {
          throw new AppError('payload_too_large', 413, `The upload field ${part.fieldname} is larger than 1 MB.`)
        }
        const raw = String(part.value)
        const field = classifyUploadField(part.fieldname)
        switch (field.kind) {
          case 'url':
            urls.set(field.index, decodeFieldText(raw))
            break
          case 'meta_user':
            metaAt(field.index).userMetadata = decodeFieldJson(part.fieldname, raw)
            break
          case 'options':
            metaAt(field.index).options = decodeFieldJson(part.fieldname, raw)
            break
          case 'meta_dynamic': {
            const entry = metaAt(field.index)
            const value = decodeFieldJson(part.fieldname, raw)
            if (field.name) {
              entry.dynamicMetadata = { ...entry.dynamicMetadata, [field.name]: value }
            } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
              entry.dynamicMetadata = { ...entry.dynamicMetadata, ...(value as Record<string, unknown>) }
            } else {
              throw badRequest(`${part.fieldname} must be a JSON object of metadata names to values.`)
            }
            break
          }
          case 'optimize_source':
            optimize = decodeFieldText(raw)
            break
          default:
            break
        }
      }
      for (const index of [...urls.keys()].sort((a, b) => a - b)) {
        const url = urls.get(index) as string
        const remote = await openRemoteImage(url, {
          ...services.options.remoteFetch,
          maxBytes: services.options.maxUploadBytes,
          allowPrivateAddresses: allowPrivate,
          blockedPorts: services.runtime.ports
        })
        files.push({ staged: await uploads.stage(remote.body), name: remote.fileName })
      }
    } catch (error) {
      await Promise.all(files.map((file) => uploads.discard(file.staged)))
      throw error
    }
    return { files, meta, optimize }
  }

  app.post<{ Params: { org: string } }>('/sourceimages/:org', async (request, reply) => {
    const { org } = await authorizeOrg(identity, request, request.params.org, 'upload')
    // A body declared larger than any acceptable upload is refused before waiting for it.
    const declared = Number(request.headers['content-length'] ?? 0)
    const requestLimit = services.options.maxUploadBytes + UPLOAD_REQUEST_SLACK_BYTES
    if (declared > requestLimit) {
      reply.header('Connection', 'close')
      throw uploadRequestTooLarge(declared, requestLimit, services.options.maxUploadBytes)
    }
    if (!request.isMultipart()) {
      throw badRequest('Upload images as multipart/form-data with a "filedata" file or a "url[0]" field.')
    }
    const { files, meta, optimize } = await readRequest(request, org.options.allow_local_sources === true)
    if (files.length === 0) {
      throw badRequest('The upload holds no file: send a "filedata" file part or a "url[0]" field.')
    }
    const pending: PendingUpload[] = files.map((file, index) => ({ ...file, ...meta.get(index) }))
    let mode
    try {
      mode = parseOptimizeSource(optimize)
    } catch (error) {
      await Promise.all(files.map((file) => uploads.discard(file.staged)))
      throw error
    }
    const stored = await uploads.importAll(org.id, pending, mode)
    const items = stored.map((record) => presentImage(images, record, org.name))
    return reply.status(201).type('application/json').send({ total: items.length, items })
  })
}
