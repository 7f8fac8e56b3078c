/** Where Darkroom's own endpoints live, apart from rokka's API. */
export const DARKROOM_PREFIX = '/_darkroom'

/** Where the studio (the built renderer) is served. */
export const STUDIO_PATH = '/studio/'

/** The origin of the engine listening on `port`: loopback only. */
export const loopbackOrigin = (port: number): string => `http://127.0.0.1:${port}`

/**
 * The one-time link that opens the studio. The token rides in the fragment, which browsers never
 * send to a server or put in a Referer; the page trades it at `POST /_darkroom/session`.
 */
export const studioUrl = (port: number, launchToken: string): string =>
  `${loopbackOrigin(port)}${STUDIO_PATH}#token=${encodeURIComponent(launchToken)}`
