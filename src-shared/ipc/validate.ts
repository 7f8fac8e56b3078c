import type { InvokeChannel, InvokeMap } from './contract'

/** A parsed request, or what the arguments should have been. */
export type Parsed<T> = { ok: true; req: T } | { ok: false; expected: string }

/** Parses the arguments of one channel's message (after the channel name). */
export type RequestParser<T> = (args: readonly unknown[]) => Parsed<T>

const nothing: RequestParser<void> = (args) =>
  args.length === 0 || (args.length === 1 && args[0] === undefined)
    ? { ok: true, req: undefined }
    : { ok: false, expected: 'no argument' }

/**
 * The request parser of every channel; the mapped type makes a channel without one a compile
 * error. Main runs it on every message before a handler sees the request.
 */
export const invokeParsers: { [C in InvokeChannel]: RequestParser<InvokeMap[C]['req']> } = {
  'server:get-info': nothing,
  'dialog:pick-images': nothing,
  'dialog:pick-folder': nothing
}
