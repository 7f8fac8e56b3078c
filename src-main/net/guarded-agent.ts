import type { LookupAddress } from 'node:dns'
import { isIP, Socket, type LookupFunction, type TcpNetConnectOpts } from 'node:net'
import type { Duplex } from 'node:stream'
import {
  RequestFilteringHttpAgent,
  RequestFilteringHttpsAgent,
  type RequestFilteringAgentOptions
} from 'request-filtering-agent'
import { hostNameRefusal, refusalReason, type AddressPolicy } from './address-policy'

/** Raised through the socket when the policy refuses a destination; `reason` is for people. */
export class AddressRefusedError extends Error {
  readonly reason: string

  constructor(reason: string) {
    super(reason)
    this.name = 'AddressRefusedError'
    this.reason = reason
  }
}

/** What the guarded agents check every connection against. */
export interface ConnectionGuard {
  policy: AddressPolicy
  /** Resolver used for every connection; tests inject one, production passes `dns.lookup`. */
  lookup: LookupFunction
}

type ConnectionListener = (error: Error | null, socket: Duplex) => void

/** The first refusal among resolved addresses; any refused answer refuses the whole host. */
export const refusalForAnswers = (
  answers: string | readonly LookupAddress[],
  port: number,
  policy: AddressPolicy
): string | undefined => {
  const addresses = typeof answers === 'string' ? [answers] : answers.map((a) => a.address)
  for (const address of addresses) {
    const reason = refusalReason(address, port, policy)
    if (reason !== undefined) return reason
  }
  return undefined
}

const guardLookup =
  (guard: ConnectionGuard, port: number): LookupFunction =>
  (hostname, options, callback) => {
    guard.lookup(hostname, options, (error, answers, family) => {
      if (error) return callback(error, answers, family)
      const reason = refusalForAnswers(answers, port, guard.policy)
      if (reason !== undefined) {
        return callback(new AddressRefusedError(reason), options.all ? [] : '', family)
      }
      callback(null, answers, family)
    })
  }

const checkConnection = (
  options: TcpNetConnectOpts,
  guard: ConnectionGuard
): AddressRefusedError | TcpNetConnectOpts => {
  const port = Number(options.port)
  const host = options.host ?? 'localhost'
  const reason =
    isIP(host) === 0 ? hostNameRefusal(host, guard.policy) : refusalReason(host, port, guard.policy)
  if (reason !== undefined) return new AddressRefusedError(reason)
  return { ...options, lookup: guardLookup(guard, port) }
}

const refuse = (error: Error, listener: ConnectionListener | undefined): Socket => {
  const socket = new Socket()
  if (listener) listener(error, socket)
  else socket.destroy(error)
  return socket
}

// The filtering agent is a second, independent check under ours, with its own view of "private".
const filteringOptions = (policy: AddressPolicy): RequestFilteringAgentOptions => ({
  allowPrivateIPAddress: policy.allowPrivateAddresses,
  allowMetaIPAddress: false,
  allowIPAddressList: policy.allowedEndpoints.map((endpoint) => endpoint.address)
})

/** An http agent that refuses, at connect time, every address the policy refuses. */
export class GuardedHttpAgent extends RequestFilteringHttpAgent {
  readonly #guard: ConnectionGuard

  constructor(guard: ConnectionGuard) {
    super({ keepAlive: false, ...filteringOptions(guard.policy) })
    this.#guard = guard
  }

  override createConnection(options: TcpNetConnectOpts, listener?: ConnectionListener) {
    const checked = checkConnection(options, this.#guard)
    if (checked instanceof Error) return refuse(checked, listener)
    return super.createConnection(checked, listener)
  }
}

/** An https agent that refuses, at connect time, every address the policy refuses. */
export class GuardedHttpsAgent extends RequestFilteringHttpsAgent {
  readonly #guard: ConnectionGuard

  constructor(guard: ConnectionGuard) {
    super({ keepAlive: false, ...filteringOptions(guard.policy) })
    this.#guard = guard
  }

  override createConnection(options: TcpNetConnectOpts, listener?: ConnectionListener) {
    const checked = checkConnection(options, this.#guard)
    if (checked instanceof Error) return refuse(checked, listener)
    return super.createConnection(checked, listener)
  }
}
