import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http'

/** One answer of the server, body read in full. */
export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  /** Milliseconds from sending to the last byte. */
  ms: number
  text(): string
  json<T = Record<string, unknown>>(): T
}

export interface SendOptions {
  method?: string
  headers?: OutgoingHttpHeaders
  body?: Buffer | string
  /** Give up (and fail the test) after this many milliseconds. */
  deadlineMs?: number
}

/**
 * A plain node:http request with every header under the test's control (fetch refuses to set
 * Host, Origin and Sec-Fetch-*), on a fresh connection each time.
 */
export const send = (baseUrl: string, path: string, options: SendOptions = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl)
    const started = performance.now()
    const req = httpRequest(
      {
        hostname: url.hostname,
        port: url.port,
        path: path.startsWith('/') ? path : `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          clearTimeout(timer)
          const body = Buffer.concat(chunks)
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            ms: performance.now() - started,
            text: () => body.toString('utf8'),
            json: <T>() => JSON.parse(body.toString('utf8')) as T
          })
        })
      }
    )
    const timer = setTimeout(() => {
      req.destroy(new Error(`${options.method ?? 'GET'} ${path} got no answer within ${options.deadlineMs} ms`))
    }, options.deadlineMs ?? 60_000)
    req.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    req.end(options.body)
  })
