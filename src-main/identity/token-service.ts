import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'
import { randomBytes } from 'node:crypto'
import ipaddr from 'ipaddr.js'
import type { Db } from '../storage/db'
import { badRequest, forbidden, invalidToken } from '../errors'

export interface TokenClaims {
  id: string
  exp: number
  expt: number
  ips: string[]
  rn: boolean
  /** The API key the token was minted from, so revoking the key revokes its tokens. */
  kid: string
}

export interface TokenRequest {
  expiresIn?: number
  renewable?: boolean
  noIpProtection?: boolean
  ips?: string[]
}

/** True when `ip` is `allowed` or inside it, when `allowed` is a CIDR range like 10.0.0.0/8. */
const addressMatches = (ip: string, allowed: string): boolean => {
  try {
    const address = ipaddr.process(ip)
    if (!allowed.includes('/')) return address.toString() === ipaddr.process(allowed).toString()
    const [range, bits] = ipaddr.parseCIDR(allowed)
    return address.kind() === range.kind() && address.match([range, bits])
  } catch {
    return false
  }
}

const DEFAULT_LIFETIME_S = 86_400
const MAX_LIFETIME_S = 72 * 3600 * 10

const secretFor = (db: Db): Uint8Array => {
  const row = db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'jwt_secret'").get()
  if (row) return Buffer.from(row.value, 'base64')
  const secret = randomBytes(32)
  db.prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('jwt_secret', ?)").run(
    secret.toString('base64')
  )
  return secretFor(db)
}

export interface TokenService {
  mint(userId: string, keyId: string, request: TokenRequest, requestIp: string, renewing?: TokenClaims): Promise<{ token: string; payload: Omit<TokenClaims, 'kid'> }>
  verify(token: string, requestIp: string): Promise<TokenClaims>
}

/** JWTs as rokka mints them: HS256, `exp`/`expt` lifetime, optional IP binding, `rn` renewable flag. */
export const createTokenService = (db: Db): TokenService => {
  const secret = secretFor(db)
  return {
    mint: async (userId, keyId, request, requestIp, renewing) => {
      const lifetime = request.expiresIn ?? DEFAULT_LIFETIME_S
      if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_LIFETIME_S) {
        throw badRequest(`expires_in must be a whole number of seconds between 1 and ${MAX_LIFETIME_S}.`)
      }
      if (request.noIpProtection && request.ips && request.ips.length > 0) {
        throw badRequest('no_ip_protection and ips cannot be used together.')
      }
      if (renewing && lifetime > renewing.expt) {
        throw forbidden('A token cannot be renewed to a longer lifetime than it was issued with.')
      }
      const ips = request.noIpProtection
        ? []
        : (request.ips && request.ips.length > 0 ? request.ips : ['request_ip']).map((ip) =>
            ip === 'request_ip' ? requestIp : ip
          )
      if (ips.length > 10) throw badRequest('ips takes at most 10 addresses.')
      const renewable = request.renewable ?? ips.length > 0
      const exp = Math.floor(Date.now() / 1000) + lifetime
      const payload = { id: userId, exp, expt: lifetime, ips, rn: renewable }
      const token = await new SignJWT({ ...payload, kid: keyId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secret)
      return { token, payload }
    },
    verify: async (token, requestIp) => {
      let claims: TokenClaims
      try {
        const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] })
        claims = payload as unknown as TokenClaims
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw invalidToken('it has expired')
        throw invalidToken('its signature does not match')
      }
      if (typeof claims.id !== 'string' || typeof claims.kid !== 'string') {
        throw invalidToken('it lacks a user')
      }
      if (claims.ips.length > 0 && !claims.ips.some((allowed) => addressMatches(requestIp, allowed))) {
        throw invalidToken(`it is not valid for the address ${requestIp}`)
      }
      return claims
    }
  }
}
