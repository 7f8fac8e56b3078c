import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, isInvokeChannel } from './contract'
import { invokeParsers } from './validate'

describe('IPC contract', () => {
  it('names channels domain:verb-noun and has a parser for each', () => {
    for (const channel of INVOKE_CHANNELS) {
      expect(channel).toMatch(/^[a-z]+:[a-z]+(?:-[a-z]+)*$/)
      expect(typeof invokeParsers[channel]).toBe('function')
    }
  })

  it('recognises only its own channels', () => {
    expect(isInvokeChannel('dialog:pick-images')).toBe(true)
    for (const other of [
      'dialog:pick-image',
      'fs:read-file',
      '',
      42,
      null,
      undefined,
      'toString'
    ]) {
      expect(isInvokeChannel(other)).toBe(false)
    }
  })

  it('void channels accept no argument or undefined only', () => {
    const parse = invokeParsers['dialog:pick-folder']
    expect(parse([])).toEqual({ ok: true, req: undefined })
    expect(parse([undefined])).toEqual({ ok: true, req: undefined })
    expect(parse([''])).toEqual({ ok: false, expected: 'no argument' })
    expect(parse([undefined, undefined])).toEqual({ ok: false, expected: 'no argument' })
  })
})
