/** Default time a client gets to send one whole request, upload body included. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000

/**
 * Node's server timeouts, set so slow-drip clients (slowloris) are cut off instead of holding
 * sockets forever: the headers within 20 s, the whole request within `requestTimeoutMs` (a 150 MB
 * upload over loopback needs a fraction of that), a silent socket after 60 s — longer than the
 * render timeout, so a slow render is never cut. Node checks these every second, not every 30.
 */
export const serverTimeouts = (requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS) => ({
  connectionTimeout: 60_000,
  requestTimeout: requestTimeoutMs,
  keepAliveTimeout: 10_000,
  http: {
    headersTimeout: Math.min(20_000, requestTimeoutMs),
    connectionsCheckingInterval: 1_000
  }
})
