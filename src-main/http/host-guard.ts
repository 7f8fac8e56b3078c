import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError, misdirectedHost } from '../errors'

const LOOPBACK_NAMES = /^(?:localhost|127\.0\.0\.1|\[::1\]|(?:[a-z0-9-]+\.)+localhost)$/

/** Splits `name:port` (with `[v6]` brackets); port null when absent. */
export const splitHost = (host: string): { name: string; port: number | null } => {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase())
  if (!match) return { name: '', port: null }
  return { name: match[1] as string, port: match[2] ? Number(match[2]) : null }
}

export interface HostGuardOptions {
  /** The port Darkroom listens on, once known; requests naming another port are refused. */
  port: () => number | null
  /** Extra origins allowed to send state-changing requests (besides Darkroom's own). */
  allowedOrigins: readonly string[]
}

/** Darkroom's own loopback origin on its own port, or one of the extra allowed origins. */
export const isAllowedOrigin = (origin: string, options: HostGuardOptions): boolean => {
  if (options.allowedOrigins.includes(origin)) return true
  try {
    const own = splitHost(new URL(origin).host)
    const ownPort = options.port()
    return LOOPBACK_NAMES.test(own.name) && (ownPort === null || own.port === ownPort)
  } catch {
    return false
  }
}

/**
 * DNS rebinding and cross-site request guard: only loopback Host names on Darkroom's own port
 * are served, and a browser page from another origin cannot make changes.
 */
export const installHostGuard = (app: FastifyInstance, options: HostGuardOptions): void => {
  // a plain function, not an async hook: it runs on every request and needs no promise
  const check = (request: FastifyRequest): AppError | null => {
    const host = request.headers.host
    if (!host) return misdirectedHost('(none)')
    const { name, port } = splitHost(host)
    const ownPort = options.port()
    if (!LOOPBACK_NAMES.test(name) || (ownPort !== null && port !== null && port !== ownPort)) {
      return misdirectedHost(host)
    }
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return null
    const origin = request.headers.origin
    if (origin !== undefined) {
      if (!isAllowedOrigin(origin, options)) {
        return new AppError('forbidden', 403, `Requests from the web page ${origin} are not allowed to change Darkroom.`)
      }
    } else if (request.headers['sec-fetch-site'] === 'cross-site') {
      return new AppError('forbidden', 403, 'Cross-site requests are not allowed to change Darkroom.')
    }
    return null
  }
  app.addHook('onRequest', (request, _reply, done) => {
    const refused = check(request)
    if (refused) done(refused)
    else done()
  })
}
