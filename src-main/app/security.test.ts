import { describe, expect, it } from 'vitest'
import {
  GRANTED_PERMISSIONS,
  isAllowedNavigation,
  isAllowedSender,
  isPermissionGranted,
  isSafeExternalUrl,
  secureWebPreferences
} from './security'

const ORIGIN = 'http://127.0.0.1:41234'

describe('S11: secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs')

  it('isolates, sandboxes and keeps Node out of the page', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false
    })
  })

  it('sets nothing that loosens Electron defaults', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs).not.toHaveProperty('additionalArguments')
    expect(prefs).not.toHaveProperty('partition')
  })
})

describe('S11: isAllowedNavigation', () => {
  it.each([`${ORIGIN}/studio/`, `${ORIGIN}/studio/#token=abc`, `${ORIGIN}/studio/index.html?x=1`])(
    'allows the studio: %s',
    (url) => expect(isAllowedNavigation(url, ORIGIN)).toBe(true)
  )

  it.each([
    `${ORIGIN}/`,
    `${ORIGIN}/sourceimages/local`,
    `${ORIGIN}/studio`,
    'http://127.0.0.1:41235/studio/',
    'http://localhost:41234/studio/',
    'https://127.0.0.1:41234/studio/',
    'http://127.0.0.1:41234@evil.example/studio/',
    'https://example.com/studio/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
    ''
  ])('denies %s', (url) => expect(isAllowedNavigation(url, ORIGIN)).toBe(false))
})

describe('S12: isAllowedSender', () => {
  it('answers only frames showing the studio', () => {
    expect(isAllowedSender(`${ORIGIN}/studio/`, ORIGIN)).toBe(true)
    expect(isAllowedSender(undefined, ORIGIN)).toBe(false)
    expect(isAllowedSender('about:blank', ORIGIN)).toBe(false)
    expect(isAllowedSender('https://example.com/studio/', ORIGIN)).toBe(false)
  })
})

describe('S11: isSafeExternalUrl', () => {
  it.each(['https://rokka.io/documentation/', 'http://example.com/a?b=c'])('opens %s', (url) =>
    expect(isSafeExternalUrl(url)).toBe(true)
  )

  it.each([
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'vscode://open',
    'ms-msdt:/id',
    'https://user:pass@example.com/',
    `https://example.com/${'a'.repeat(9000)}`,
    'not a url'
  ])('refuses %s', (url) => expect(isSafeExternalUrl(url)).toBe(false))
})

describe('S11: permissions', () => {
  it('grants only the sanitized clipboard write, and only to the studio', () => {
    expect([...GRANTED_PERMISSIONS]).toEqual(['clipboard-sanitized-write'])
    expect(isPermissionGranted('clipboard-sanitized-write', `${ORIGIN}/studio/`, ORIGIN)).toBe(true)
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://example.com/', ORIGIN)).toBe(
      false
    )
    expect(isPermissionGranted('clipboard-sanitized-write', undefined, ORIGIN)).toBe(false)
  })

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'usb',
    'hid',
    'fullscreen',
    'unknown'
  ])('denies %s', (permission) =>
    expect(isPermissionGranted(permission, `${ORIGIN}/studio/`, ORIGIN)).toBe(false)
  )
})
