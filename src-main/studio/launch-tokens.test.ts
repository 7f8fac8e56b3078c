import { describe, expect, it } from 'vitest'
import { createLaunchTokens, MAX_PENDING_LAUNCH_TOKENS } from './launch-tokens'

describe('launch tokens', () => {
  it('are long random base64url strings', () => {
    const tokens = createLaunchTokens()
    const a = tokens.issue()
    const b = tokens.issue()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
  })

  it('work once each, in any order', () => {
    const tokens = createLaunchTokens()
    const a = tokens.issue()
    const b = tokens.issue()
    expect(tokens.redeem(b)).toBe(true)
    expect(tokens.redeem(b)).toBe(false)
    expect(tokens.redeem(a)).toBe(true)
    expect(tokens.redeem(a)).toBe(false)
  })

  it('refuse unknown, empty and near-miss tokens', () => {
    const tokens = createLaunchTokens()
    const token = tokens.issue()
    expect(tokens.redeem('')).toBe(false)
    expect(tokens.redeem(`${token}x`)).toBe(false)
    expect(tokens.redeem(token.slice(1))).toBe(false)
    expect(tokens.redeem(token)).toBe(true)
  })

  it('let the oldest unused token lapse when too many are pending', () => {
    let n = 0
    const tokens = createLaunchTokens(() => `token-${n++}`)
    for (let i = 0; i <= MAX_PENDING_LAUNCH_TOKENS; i++) tokens.issue()
    expect(tokens.redeem('token-0')).toBe(false)
    expect(tokens.redeem('token-1')).toBe(true)
  })
})
