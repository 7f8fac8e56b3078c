import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

const sourcesUnder = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourcesUnder(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })

const importsOf = (file: string): { specifier: string; typeOnly: boolean }[] =>
  [
    ...readFileSync(join(root, file), 'utf8').matchAll(
      /^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm
    )
  ].map((match) => ({ specifier: match[2] as string, typeOnly: match[1] !== undefined }))

const ELECTRON_ALLOWED = /^src-main\/(?:index\.ts$|app\/|preload\/)/

describe('layering (architecture §4)', () => {
  it('imports electron only from index.ts, app/ and preload/', () => {
    const offenders = [...sourcesUnder('src-main'), ...sourcesUnder('src-shared')]
      .map((file) => relative(root, join(root, file)).split('\\').join('/'))
      .filter((file) => !ELECTRON_ALLOWED.test(file))
      .filter((file) => importsOf(file).some(({ specifier }) => specifier === 'electron'))
    expect(offenders).toEqual([])
  })

  it('keeps the tested security decisions free of electron at run time', () => {
    for (const file of [
      'src-main/app/security.ts',
      'src-main/app/ipc-dispatch.ts',
      'src-main/app/utility-process-launcher.ts'
    ]) {
      const electron = importsOf(file).filter(({ specifier }) => specifier === 'electron')
      expect(electron.every(({ typeOnly }) => typeOnly)).toBe(true)
    }
  })

  it('starts decoders in a utility process only from the Electron entry', () => {
    const importers = sourcesUnder('src-main')
      .map((file) => file.split('\\').join('/'))
      .filter((file) => !file.endsWith('.test.ts'))
      .filter((file) =>
        importsOf(file).some(
          ({ specifier, typeOnly }) => !typeOnly && specifier.endsWith('/utility-process-launcher')
        )
      )
    expect(importers).toEqual(['src-main/index.ts'])
  })

  it('lets the preload import only electron and src-shared', () => {
    for (const file of sourcesUnder('src-main/preload')) {
      for (const { specifier } of importsOf(file)) {
        expect(specifier === 'electron' || specifier.startsWith('../../src-shared/')).toBe(true)
      }
    }
  })
})
