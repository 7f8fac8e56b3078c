import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import multipart from '@fastify/multipart'
import type { Services } from '../services'
import { installErrorHandler } from './error-handler'
import { serverTimeouts } from './timeouts'
import { installHostGuard } from './host-guard'
import { installCors } from './cors'
import { installBodyParsers } from './request-body'
import { registerRootRoutes } from './routes/root'
import { registerDiscoveryRoutes } from './routes/discovery'
import { registerUserRoutes } from './routes/users'
import { registerOrganizationRoutes } from './routes/organizations'
import { registerMembershipRoutes } from './routes/memberships'
import { registerUploadRoutes } from './routes/sourceimages-upload'
import { registerSourceImageListRoutes } from './routes/sourceimages-list'
import { registerSourceImageRoutes } from './routes/sourceimages-item'
import { registerMetadataRoutes } from './routes/sourceimages-meta'
import { registerStackRoutes } from './routes/stacks'
import { registerStatsRoutes } from './routes/stats'
import { registerAliasRoutes } from './routes/aliases'
import { organizationOfHost, registerRenderRoutes } from './routes/render'
import { registerStudioRoutes } from './routes/studio'
import { registerWatchedFolderRoutes } from './routes/watched-folders'
import { registerHealthRoutes } from './routes/health'
import { AppError } from '../errors'
import { redactUrlSecrets } from './log-redaction'

export interface HttpAppOptions {
  /** Log requests (the headless server does; tests do not). */
  logger?: boolean
  /** Where log lines go (standard output by default); tests read them from here. */
  logStream?: NodeJS.WritableStream
  /** Origins besides Darkroom's own allowed to make changes (e.g. a dev server). */
  allowedOrigins?: string[]
  /** The built studio (`out/renderer`), served at `/studio/`; absent, `/studio/` says to build it. */
  studioDir?: string
  /** Time a client gets to send a whole request (default 120 s). */
  requestTimeoutMs?: number
}

/** Fastify's request logging, with credentials in query strings (`?key=…`) left out. */
const requestLogger = (stream?: NodeJS.WritableStream) => ({
  level: 'info',
  ...(stream ? { stream } : {}),
  serializers: {
    req: (request: FastifyRequest) => ({
      method: request.method,
      url: redactUrlSecrets(request.url),
      host: request.host,
      remoteAddress: request.ip
    })
  }
})

/** JSON and single-value request bodies are small; uploads go through multipart. */
export const JSON_BODY_LIMIT = 1024 * 1024

/** Builds the rokka-compatible API on `services`, unstarted (tests use `inject()`). */
export const buildHttpApp = async (
  services: Services,
  options: HttpAppOptions = {}
): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: options.logger ? requestLogger(options.logStream) : false,
    bodyLimit: JSON_BODY_LIMIT,
    // Slow-drip clients are cut off instead of holding a connection forever.
    ...serverTimeouts(options.requestTimeoutMs),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    // rokka addresses renders by host ({org}.rokka.io); here {org}.localhost maps onto /render/{org}.
    rewriteUrl: (request) => {
      const org = organizationOfHost(request.headers.host)
      return org ? `/render/${org}${request.url ?? '/'}` : (request.url ?? '/')
    }
  })
  app.addHttpMethod('COPY')

  let listeningPort: number | null = null
  app.addHook('onListen', async () => {
    const address = app.server.address()
    if (address && typeof address === 'object') {
      listeningPort = address.port
      services.runtime.ports = [address.port]
    }
  })

  installErrorHandler(app, JSON_BODY_LIMIT)
  const originPolicy = { port: () => listeningPort, allowedOrigins: options.allowedOrigins ?? [] }
  installHostGuard(app, originPolicy)
  await installCors(app, originPolicy)
  installBodyParsers(app, JSON_BODY_LIMIT)

  // Callback hooks rather than async ones: they run on every request, and an async hook costs
  // each request a promise and a trip through the microtask queue.
  app.addHook('onRequest', (request, _reply, done) => {
    const version = request.headers['api-version']
    if (version !== undefined && version !== '1') {
      done(new AppError('bad_request', 400, `Api-Version ${String(version)} is not supported; use 1.`))
    } else done()
  })
  // rokka.js parses a body as JSON only when Content-Type is exactly application/json.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type')
    if (typeof type === 'string' && type.startsWith('application/json')) {
      reply.header('content-type', 'application/json')
    }
    reply.header('X-Content-Type-Options', 'nosniff')
    done(null, payload)
  })

  await app.register(multipart, {
    limits: {
      fileSize: services.options.maxUploadBytes + 1,
      files: 100,
      fields: 1000,
      fieldSize: 1024 * 1024,
      parts: 1100,
      headerPairs: 100
    }
  })

  registerRootRoutes(app, services)
  registerDiscoveryRoutes(app)
  registerUserRoutes(app, services)
  registerOrganizationRoutes(app, services)
  registerMembershipRoutes(app, services)
  registerUploadRoutes(app, services)
  registerSourceImageListRoutes(app, services)
  registerSourceImageRoutes(app, services)
  registerMetadataRoutes(app, services)
  registerStackRoutes(app, services)
  registerStatsRoutes(app, services)
  registerAliasRoutes(app, services)
  registerRenderRoutes(app, services)
  registerStudioRoutes(app, services, options.studioDir)
  registerWatchedFolderRoutes(app, services)
  registerHealthRoutes(app, services)
  return app
}
