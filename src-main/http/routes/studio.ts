import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../../services'
import { badRequest, notFound } from '../../errors'
import { STUDIO_HEADERS } from '../../studio/csp'
import { NOT_BUILT_PAGE } from '../../studio/not-built-page'
import { lookupStudioFile } from '../../studio/static-files'
import { DARKROOM_PREFIX, STUDIO_PATH } from '../../studio/studio-url'
import { jsonBody } from '../request-body'

const MAX_LAUNCH_TOKEN_LENGTH = 256

const launchTokenOf = (request: FastifyRequest): string => {
  const body = jsonBody(request)
  const token =
    typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_LAUNCH_TOKEN_LENGTH) {
    throw badRequest('The body must be {"token": "<the token of the studio link>"}.')
  }
  return token
}

const withStudioHeaders = (reply: FastifyReply): FastifyReply => reply.headers(STUDIO_HEADERS)

const serveStudio =
  (studioDir: string | undefined) => async (request: FastifyRequest, reply: FastifyReply) => {
    const [path = '', query] = request.url.split('?', 2)
    // Relative asset URLs (`base: './'`) resolve only below `/studio/`, never `/studio`.
    if (!path.startsWith(STUDIO_PATH)) {
      return reply.redirect(`${STUDIO_PATH}${query === undefined ? '' : `?${query}`}`, 301)
    }
    const found = studioDir
      ? await lookupStudioFile(studioDir, path.slice(STUDIO_PATH.length))
      : ({ kind: 'not-built' } as const)
    if (found.kind === 'not-found') throw notFound(`The studio has no file ${path}.`)
    withStudioHeaders(reply)
    if (found.kind === 'not-built') {
      return reply
        .status(503)
        .header('Cache-Control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT_PAGE)
    }
    const { file } = found
    reply.header('Cache-Control', file.cacheControl).header('ETag', file.etag)
    if (request.headers['if-none-match'] === file.etag) return reply.status(304).send()
    return reply.type(file.contentType).send(file.body)
  }

/**
 * Web mode: the studio under `/studio/` (from `studioDir`, the built renderer; a 503 page says
 * how to build it while it is missing) and `POST /_darkroom/session`, which trades the one-time
 * token of the studio link for a JWT.
 */
export const registerStudioRoutes = (
  app: FastifyInstance,
  services: Services,
  studioDir: string | undefined
): void => {
  app.post(`${DARKROOM_PREFIX}/session`, async (request, reply) => {
    const session = await services.studio.openSession(launchTokenOf(request), {
      origin: `http://${request.headers.host ?? '127.0.0.1'}`,
      ip: request.ip
    })
    return reply.header('Cache-Control', 'no-store').type('application/json').send(session)
  })
  const serve = serveStudio(studioDir)
  app.get('/studio', serve)
  app.get('/studio/*', serve)
}
