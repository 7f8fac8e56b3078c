import type { InvokeChannel, InvokeMap } from '../../src-shared/ipc/contract'
import { invokeParsers } from '../../src-shared/ipc/validate'
import { failed, ok, type Result } from '../../src-shared/result'
import { AppError, badRequest, forbidden } from '../errors'
import { errorBody } from '../http/error-handler'
import { isAllowedSender } from './security'

/** The main-process implementation of every channel, given an already parsed request. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (req: InvokeMap[C]['req']) => Promise<InvokeMap[C]['res']>
}

/** One IPC message as it arrives: its channel, the URL of the frame that sent it, its arguments. */
export interface InvokeMessage<C extends InvokeChannel> {
  channel: C
  senderUrl: string | undefined
  args: readonly unknown[]
}

const PREVIEW_LENGTH = 80

/** sharp's message form, with the received value cut short: payloads can be huge. */
const unexpectedArgs = (channel: string, expected: string, args: readonly unknown[]): string => {
  const value = args.length === 1 ? args[0] : args
  let text: string
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  const preview = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
  return `Expected ${expected} for ${channel} but received ${preview} of type ${type}`
}

/**
 * Checks the sender and the arguments, runs the handler, and returns its outcome as data: no
 * error ever crosses the bridge as a throw (Electron would strip it to a bare message).
 */
export const dispatchInvoke = async <C extends InvokeChannel>(
  message: InvokeMessage<C>,
  origin: string,
  handlers: InvokeHandlers,
  log: (error: unknown) => void = () => {}
): Promise<Result<InvokeMap[C]['res']>> => {
  const { channel, senderUrl, args } = message
  if (!isAllowedSender(senderUrl, origin)) {
    return failed(
      errorBody(
        forbidden(
          `${channel} is only answered for the studio, not for ${senderUrl ?? 'an unknown frame'}.`
        )
      )
    )
  }
  const parsed = invokeParsers[channel](args)
  if (!parsed.ok) {
    return failed(errorBody(badRequest(unexpectedArgs(channel, parsed.expected, args))))
  }
  try {
    const handler = handlers[channel] as (req: InvokeMap[C]['req']) => Promise<InvokeMap[C]['res']>
    return ok(await handler(parsed.req))
  } catch (error) {
    if (error instanceof AppError) return failed(errorBody(error))
    log(error)
    return failed(
      errorBody(
        new AppError(
          'internal',
          500,
          `${channel} failed unexpectedly; the details are in Darkroom's log.`
        )
      )
    )
  }
}
