import { lookup as dnsLookup } from 'node:dns'
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { Transform, type Readable } from 'node:stream'
import { payloadTooLarge, remoteFetchFailed, type AppError } from '../errors'
import { hostNameRefusal, refusalReason, type AddressPolicy, type Endpoint } from './address-policy'
import {
  AddressRefusedError,
  GuardedHttpAgent,
  GuardedHttpsAgent,
  refusalForAnswers
} from './guarded-agent'
import { fileNameFromUrl } from './remote-file-name'

/** Defaults of {@link RemoteFetchOptions}; sizes in bytes, times in milliseconds. */
export const REMOTE_FETCH_DEFAULTS = {
  maxBytes: 150_000_000,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxRedirects: 5
} as const

/** Limits and address policy of one remote download. */
export interface RemoteFetchOptions {
  /** Largest body accepted, counted on the wire (never inflated); default 150 MB. */
  maxBytes?: number
  /** Time allowed for each TCP connection to be accepted; default 5 s. */
  connectTimeoutMs?: number
  /** Time allowed per request (redirect hop) until response headers arrive; default 10 s. */
  headersTimeoutMs?: number
  /** Time allowed for everything, redirects and the whole body included; default 30 s. */
  totalTimeoutMs?: number
  /** Redirects followed before giving up; default 5. */
  maxRedirects?: number
  /** The organization's "allow local sources": loopback and private networks become reachable. */
  allowPrivateAddresses?: boolean
  /** Ports always refused on this computer's own addresses (Darkroom's listening port). */
  blockedPorts?: readonly number[]
  /** Exact private address:port pairs to allow (test fixtures); link-local stays refused. */
  allowedEndpoints?: readonly Endpoint[]
  /** Host name resolver for every hop; default `dns.lookup`. */
  lookup?: LookupFunction
  /** Cancels the download, also while the body streams. */
  signal?: AbortSignal
}

/** An opened remote image: headers checked, body not yet read. */
export interface RemoteImage {
  /**
   * The raw body. Read it or destroy it at once: it fails with an AppError on a size, time or
   * connection fault, and destroying it closes the connection.
   */
  body: Readable
  /** The URL that answered, after redirects. */
  finalUrl: string
  /** Safe file name from the final URL's path, `remote-image` when it has none. */
  fileName: string
  /** The declared Content-Length, if any. */
  contentLength?: number
  /** The declared Content-Type, if any; not trusted for format detection. */
  contentType?: string
}

interface Settings {
  maxBytes: number
  connectTimeoutMs: number
  headersTimeoutMs: number
  totalTimeoutMs: number
  maxRedirects: number
  policy: AddressPolicy
  lookup: LookupFunction
  signal?: AbortSignal
}

interface Agents {
  http: GuardedHttpAgent
  https: GuardedHttpsAgent
}

interface Exchange {
  request: ClientRequest
  response: IncomingMessage
}

type Fail = (why: string) => AppError

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

// identity: a compressed body would otherwise be inflated past maxBytes before we could count it.
const REQUEST_HEADERS = {
  accept: 'image/*, */*;q=0.5',
  'accept-encoding': 'identity',
  'user-agent': 'Darkroom (remote image import)'
}

const MAX_SHOWN_URL = 200

const withDefaults = (options: RemoteFetchOptions): Settings => ({
  maxBytes: options.maxBytes ?? REMOTE_FETCH_DEFAULTS.maxBytes,
  connectTimeoutMs: options.connectTimeoutMs ?? REMOTE_FETCH_DEFAULTS.connectTimeoutMs,
  headersTimeoutMs: options.headersTimeoutMs ?? REMOTE_FETCH_DEFAULTS.headersTimeoutMs,
  totalTimeoutMs: options.totalTimeoutMs ?? REMOTE_FETCH_DEFAULTS.totalTimeoutMs,
  maxRedirects: options.maxRedirects ?? REMOTE_FETCH_DEFAULTS.maxRedirects,
  policy: {
    allowPrivateAddresses: options.allowPrivateAddresses ?? false,
    blockedPorts: options.blockedPorts ?? [],
    allowedEndpoints: options.allowedEndpoints ?? []
  },
  lookup: options.lookup ?? dnsLookup,
  signal: options.signal
})

const formatDuration = (ms: number): string =>
  ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(1))} s`

/** The URL as the user wrote it, minus any password, cut short enough for a message. */
const displayUrl = (raw: string): string => {
  let shown = raw.replace(/[\u0000-\u001f\u007f]/g, '')
  try {
    const url = new URL(shown)
    if (url.username !== '' || url.password !== '') {
      url.username = ''
      url.password = ''
      shown = url.href
    }
  } catch {
    // not a URL: shown as written
  }
  return shown.length > MAX_SHOWN_URL ? `${shown.slice(0, MAX_SHOWN_URL)}…` : shown
}

const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1')

const portOf = (url: URL): number =>
  url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80

/** Refusals that need no network: scheme, credentials, literal addresses, `localhost`. */
const checkTarget = (url: URL, policy: AddressPolicy, fail: Fail): URL => {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(`only http and https addresses can be imported, not ${url.protocol.slice(0, -1)}`)
  }
  if (url.username !== '' || url.password !== '') {
    throw fail('addresses with a user name or password are not accepted')
  }
  const host = hostOf(url)
  if (host === '') throw fail('the address names no host')
  const reason =
    isIP(host) === 0 ? hostNameRefusal(host, policy) : refusalReason(host, portOf(url), policy)
  if (reason !== undefined) throw fail(reason)
  return url
}

const describeNetworkError = (error: unknown, host: string): string => {
  if (error instanceof AddressRefusedError) return error.reason
  if (!(error instanceof Error)) return 'the connection failed'
  // request-filtering-agent's own refusal, in case it ever judges stricter than our policy
  if (error.message.startsWith('DNS lookup ')) return 'the destination address is not allowed'
  const code = (error as NodeJS.ErrnoException).code ?? ''
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
      return `the host name ${host} could not be found`
    case 'ECONNREFUSED':
      return 'the server refused the connection'
    case 'ECONNRESET':
    case 'EPIPE':
      return 'the server closed the connection'
    case 'ETIMEDOUT':
      return 'the connection timed out'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the server cannot be reached from this computer'
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL/.test(code)) {
    return `the server's certificate could not be verified (${code})`
  }
  return `the connection failed (${code === '' ? error.message : code})`
}

const startDeadline = (settings: Settings, shown: string) => {
  const controller = new AbortController()
  const timer = setTimeout(() => {
    const took = formatDuration(settings.totalTimeoutMs)
    controller.abort(remoteFetchFailed(shown, `the download took longer than ${took}`))
  }, settings.totalTimeoutMs)
  const caller = settings.signal
  const onCallerAbort = () => controller.abort(remoteFetchFailed(shown, 'the import was cancelled'))
  if (caller?.aborted) onCallerAbort()
  else caller?.addEventListener('abort', onCallerAbort, { once: true })
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer)
      caller?.removeEventListener('abort', onCallerAbort)
    }
  }
}

/** Resolves once before connecting for an early, clear refusal; the agent checks again. */
const preflight = (target: URL, settings: Settings, signal: AbortSignal, fail: Fail) =>
  new Promise<void>((resolve, reject) => {
    const host = hostOf(target)
    if (isIP(host) !== 0) return resolve()
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    settings.lookup(host, { all: true }, (error, answers) => {
      signal.removeEventListener('abort', onAbort)
      if (error) return reject(fail(describeNetworkError(error, host)))
      const reason = refusalForAnswers(answers, portOf(target), settings.policy)
      if (reason !== undefined) reject(fail(reason))
      else resolve()
    })
  })

const sendRequest = (
  target: URL,
  settings: Settings,
  agents: Agents,
  signal: AbortSignal,
  fail: Fail
) =>
  new Promise<Exchange>((resolve, reject) => {
    const secure = target.protocol === 'https:'
    const request = (secure ? httpsRequest : httpRequest)({
      hostname: hostOf(target),
      port: portOf(target),
      path: `${target.pathname}${target.search}`,
      method: 'GET',
      agent: secure ? agents.https : agents.http,
      headers: REQUEST_HEADERS
    })
    let connectTimer: NodeJS.Timeout | undefined
    const headersTimer = setTimeout(() => {
      stop(fail(`the server did not answer within ${formatDuration(settings.headersTimeoutMs)}`))
    }, settings.headersTimeoutMs)
    const onAbort = () => stop(signal.reason)
    const settle = () => {
      clearTimeout(headersTimer)
      clearTimeout(connectTimer)
      signal.removeEventListener('abort', onAbort)
    }
    const stop = (error: unknown) => {
      settle()
      request.destroy()
      reject(error)
    }
    request.on('socket', (socket) => {
      if (!socket.connecting) return
      connectTimer = setTimeout(() => {
        const limit = formatDuration(settings.connectTimeoutMs)
        stop(fail(`the server did not accept a connection within ${limit}`))
      }, settings.connectTimeoutMs)
      socket.once('connect', () => clearTimeout(connectTimer))
    })
    // Stays attached after the response: later socket errors must not go unhandled.
    request.on('error', (error) => stop(fail(describeNetworkError(error, hostOf(target)))))
    request.once('response', (response) => {
      settle()
      resolve({ request, response })
    })
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    request.end()
  })

const declaredLength = (response: IncomingMessage): number | undefined => {
  const value = response.headers['content-length']
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined
}

const streamBody = (
  { request, response }: Exchange,
  settings: Settings,
  signal: AbortSignal,
  fail: Fail,
  release: () => void
): Readable => {
  let received = 0
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length
      if (received > settings.maxBytes) callback(payloadTooLarge(settings.maxBytes))
      else callback(null, chunk)
    }
  })
  const truncated = () => body.destroy(fail('the connection closed before the whole image arrived'))
  const onAbort = () => body.destroy(signal.reason)
  response.on('error', truncated)
  response.once('close', () => {
    if (!response.complete) truncated()
  })
  body.once('close', () => {
    signal.removeEventListener('abort', onAbort)
    request.destroy()
    release()
  })
  signal.addEventListener('abort', onAbort, { once: true })
  response.pipe(body)
  return body
}

/**
 * Opens `url` for import: refuses non-http(s) schemes, credentials in the URL and destinations the
 * address policy forbids (checked on literal addresses first, then on every resolved address at
 * connect time, on every redirect hop), follows up to `maxRedirects` redirects by hand, and
 * returns the body as a stream that enforces `maxBytes` and `totalTimeoutMs` while it is read.
 * Every failure is an AppError: 413 for size, 400 `Could not import <url>: <why>.` otherwise.
 */
export async function openRemoteImage(
  url: string,
  options: RemoteFetchOptions = {}
): Promise<RemoteImage> {
  const settings = withDefaults(options)
  const shown = displayUrl(url)
  const failAt =
    (hop: string, redirects: number): Fail =>
    (why) =>
      remoteFetchFailed(shown, redirects === 0 ? why : `${why} (redirected to ${displayUrl(hop)})`)

  let target: URL
  try {
    target = new URL(url)
  } catch {
    throw remoteFetchFailed(shown, 'it is not a valid web address')
  }
  checkTarget(target, settings.policy, failAt(url, 0))

  const deadline = startDeadline(settings, shown)
  const guard = { policy: settings.policy, lookup: settings.lookup }
  const agents: Agents = { http: new GuardedHttpAgent(guard), https: new GuardedHttpsAgent(guard) }
  const release = () => {
    deadline.clear()
    agents.http.destroy()
    agents.https.destroy()
  }

  try {
    for (let redirects = 0; ; redirects += 1) {
      const fail = failAt(target.href, redirects)
      await preflight(target, settings, deadline.signal, fail)
      const exchange = await sendRequest(target, settings, agents, deadline.signal, fail)
      const { request, response } = exchange
      const status = response.statusCode ?? 0
      const location = response.headers.location
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        request.destroy()
        if (redirects >= settings.maxRedirects) {
          throw remoteFetchFailed(shown, `too many redirects (more than ${settings.maxRedirects})`)
        }
        const next = failAt(location, redirects + 1)
        try {
          target = new URL(location, target)
        } catch {
          throw next('the server redirected to an address that is not valid')
        }
        checkTarget(target, settings.policy, failAt(target.href, redirects + 1))
        continue
      }
      if (status < 200 || status > 299) {
        request.destroy()
        throw fail(`the server answered ${status}`)
      }
      const contentLength = declaredLength(response)
      if (contentLength !== undefined && contentLength > settings.maxBytes) {
        request.destroy()
        throw payloadTooLarge(settings.maxBytes)
      }
      return {
        body: streamBody(exchange, settings, deadline.signal, fail, release),
        finalUrl: target.href,
        fileName: fileNameFromUrl(target),
        contentLength,
        contentType: response.headers['content-type']
      }
    }
  } catch (error) {
    release()
    throw error
  }
}
