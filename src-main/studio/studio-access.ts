import type { Db } from '../storage/db'
import type { IdentityService } from '../identity/identity-service'
import { LOCAL_ORGANIZATION } from '../identity/bootstrap'
import { forbidden } from '../errors'
import { createLaunchTokens } from './launch-tokens'
import { ensureStudioKey, findLocalOwner } from './studio-key'

/** What the studio page gets for its one-time link: the answer of `POST /_darkroom/session`. */
export interface StudioSession {
  /** A renewable JWT for the local owner, bound to the caller's address. */
  token: string
  organization: string
  /** Base of the rokka API, the page's own origin. */
  apiUrl: string
  /** Base of render URLs of `organization`. */
  renderBaseUrl: string
}

/** Lifetime of a studio JWT in seconds; the studio renews it before it runs out. */
export const STUDIO_TOKEN_LIFETIME_S = 24 * 3600

export interface StudioAccess {
  /** A fresh one-time token for a studio link (`/studio/#token=…`). */
  issueLaunchToken(): string
  /**
   * Trades a launch token for a session. `origin` is the page's origin (`http://host:port`),
   * `ip` the caller's address. A used, unknown or malformed token is refused with 403.
   */
  openSession(launchToken: string, caller: { origin: string; ip: string }): Promise<StudioSession>
}

/** The studio's way in: one-time links, each traded once for a JWT of the local owner. */
export const createStudioAccess = (db: Db, identity: IdentityService): StudioAccess => {
  const launchTokens = createLaunchTokens()
  return {
    issueLaunchToken: () => launchTokens.issue(),
    openSession: async (launchToken, caller) => {
      if (!launchTokens.redeem(launchToken)) {
        throw forbidden(
          'This studio link is not valid or has been used already; open the link Darkroom printed at its last start, or restart it for a new one.'
        )
      }
      const userId = findLocalOwner(identity)
      const apiKeyId = ensureStudioKey(db, identity, userId)
      const { token } = await identity.mintToken(
        { userId, apiKeyId, viaToken: false },
        { expiresIn: STUDIO_TOKEN_LIFETIME_S, renewable: true },
        caller.ip
      )
      return {
        token,
        organization: LOCAL_ORGANIZATION,
        apiUrl: caller.origin,
        renderBaseUrl: `${caller.origin}/render/${LOCAL_ORGANIZATION}`
      }
    }
  }
}
