import autocannon from 'autocannon'

export interface LoadResult {
  /** Completed 2xx responses per second over the run. */
  rps: number
  /** Latency percentiles in milliseconds. */
  p50: number
  p99: number
  failures: number
}

/**
 * Sends GET requests for `seconds` over `connections` keep-alive connections; `nextPath` gives
 * each request its path (distinct paths make every request a cold render). A fixed duration, not
 * a fixed count: autocannon checks a count only once a second, which would pad short runs.
 */
export const loadTest = async (options: {
  origin: string
  nextPath: () => string
  seconds: number
  connections: number
  headers?: Record<string, string>
}): Promise<LoadResult> => {
  const result = await autocannon({
    url: options.origin,
    connections: options.connections,
    duration: options.seconds,
    timeout: 120,
    headers: options.headers ?? {},
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: options.nextPath() }) }]
  })
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts
  }
}

/** Latency of `count` requests sent one after another, in milliseconds. */
export const sequentialLatencies = async (
  count: number,
  request: (i: number) => Promise<Response>
): Promise<number[]> => {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    const response = await request(i)
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`request ${i} answered ${response.status}`)
    times.push(performance.now() - started)
  }
  return times
}
