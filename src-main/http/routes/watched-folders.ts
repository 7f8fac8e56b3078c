import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services'
import type { WatchStreamEvent } from '../../../src-shared/api/watched-folders'
import { forbidden } from '../../errors'
import { DARKROOM_PREFIX } from '../../studio/studio-url'
import { parseFolderUpdate, parseNewFolder } from '../../watch/folder-input'
import { authorizeOrg, principalOf } from '../auth'
import { jsonBody, queryString } from '../request-body'

const BASE = `${DARKROOM_PREFIX}/watched-folders`
const HEARTBEAT_MS = 15_000

type IdRequest = FastifyRequest<{ Params: { id: string } }>

const sendJson = (reply: FastifyReply, status: number, body: unknown) =>
  reply.status(status).header('Cache-Control', 'no-store').type('application/json').send(body)

/**
 * Watched folders under Darkroom's own prefix. Adding one needs the "admin" role in its
 * organization: it makes Darkroom read a folder of this computer, which a key handed to a tool or
 * script should not be able to choose. Seeing, pausing and removing a folder needs the "upload"
 * role (write and admin include it); a caller sees only folders of such organizations.
 */
export const registerWatchedFolderRoutes = (app: FastifyInstance, services: Services): void => {
  const { identity, watch } = services
  // Open live streams never go idle; they are ended so closing the server does not wait on them.
  const streams = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end()
  })

  /** Ids of the organizations where the caller may upload. */
  const uploadableOrgs = async (request: FastifyRequest): Promise<Set<string>> => {
    const principal = await principalOf(identity, request)
    const ids = new Set<string>()
    for (const membership of identity.memberships.listForUser(principal.userId)) {
      const org = identity.organizations.getById(membership.organizationId)
      if (org && identity.hasRole(principal, org, 'upload')) ids.add(org.id)
    }
    return ids
  }

  /** The folder, if the caller may manage it (404 for unknown ids, 403 for other organizations). */
  const folderFor = async (request: IdRequest) => {
    const record = watch.record(request.params.id)
    const allowed = await uploadableOrgs(request)
    if (!allowed.has(record.organizationId)) {
      throw forbidden('This needs the "upload" role in the organization of this watched folder.')
    }
    return record
  }

  app.get(BASE, async (request, reply) => {
    const items = watch.list(await uploadableOrgs(request))
    // journal: imports started and not yet finished (0 when the engine is at rest).
    return sendJson(reply, 200, { total: items.length, items, journal: watch.journalSize() })
  })

  app.post(BASE, async (request, reply) => {
    const input = parseNewFolder(jsonBody(request))
    const principal = await principalOf(identity, request)
    const org = identity.authorize(principal, input.organization, 'upload')
    if (!identity.hasRole(principal, org, 'admin')) {
      throw forbidden(
        `Watching a folder lets Darkroom read files of this computer, so it needs the "admin" role in organization "${org.name}".`
      )
    }
    const folder = await watch.add({ path: input.path, organizationId: org.id, ...input.settings })
    return sendJson(reply, 201, folder)
  })

  app.get(`${BASE}/events`, async (request, reply) => {
    const allowed = await uploadableOrgs(request)
    reply.hijack()
    const out = reply.raw
    out.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff'
    })
    const send = (event: WatchStreamEvent) => out.write(`data: ${JSON.stringify(event)}\n\n`)
    // First message: every folder as it is now, so a client needs no separate list call.
    for (const folder of watch.list(allowed)) send({ folder })
    const allowedNames = new Set(
      [...allowed].map((id) => identity.organizations.getById(id)?.name).filter(Boolean)
    )
    const unsubscribe = watch.subscribe((event) => {
      if (event.removed || (event.folder && allowedNames.has(event.folder.organization)))
        send(event)
    })
    const heartbeat = setInterval(() => out.write(': still here\n\n'), HEARTBEAT_MS)
    const end = () => {
      if (!streams.delete(end)) return
      clearInterval(heartbeat)
      unsubscribe()
      out.end()
    }
    streams.add(end)
    request.raw.on('close', end)
    out.on('error', end)
  })

  app.get<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    await folderFor(request)
    return sendJson(reply, 200, {
      ...watch.get(request.params.id),
      skipped: watch.skipped(request.params.id)
    })
  })

  app.patch<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const record = await folderFor(request)
    const settings = parseFolderUpdate(jsonBody(request), record)
    return sendJson(reply, 200, await watch.update(record.id, settings))
  })

  app.post<{ Params: { id: string } }>(`${BASE}/:id/pause`, async (request, reply) => {
    const record = await folderFor(request)
    return sendJson(reply, 200, await watch.pause(record.id))
  })

  app.post<{ Params: { id: string } }>(`${BASE}/:id/resume`, async (request, reply) => {
    const record = await folderFor(request)
    return sendJson(reply, 200, await watch.resume(record.id))
  })

  app.delete<{ Params: { id: string } }>(`${BASE}/:id`, async (request, reply) => {
    const record = await folderFor(request)
    await watch.remove(record.id)
    return reply.status(204).send()
  })

  app.get<{ Params: { id: string } }>(`${BASE}/:id/activity`, async (request, reply) => {
    const record = await folderFor(request)
    const limitText = queryString(request, 'limit')
    const limit = limitText && /^\d+$/.test(limitText) ? Number(limitText) : undefined
    const items = watch.activity(record.id, limit)
    return sendJson(reply, 200, { total: items.length, items, skipped: watch.skipped(record.id) })
  })

  // Which file(s) a source image came from (rokka has no such field; hence Darkroom's prefix).
  app.get<{ Params: { org: string; hash: string } }>(
    `${DARKROOM_PREFIX}/sourceimages/:org/:hash/origins`,
    async (request, reply) => {
      const { org } = await authorizeOrg(identity, request, request.params.org, 'sourceimages:read')
      const image = services.sourceImages.findOrThrow(org.id, org.name, request.params.hash, true)
      const items = watch.origins(org.id, image.binaryHash)
      return sendJson(reply, 200, { total: items.length, items })
    }
  )
}
