import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const path = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url))
const alias = { '@shared': path('./src-shared') }

const migrationsDir = path('./src-main/storage/migrations')

/**
 * storage/db.ts reads `migrations/*.sql` beside its own module at run time. Bundled, that module
 * is out/main/index.js, so the SQL files are emitted to out/main/migrations (and ship in the
 * asar with it); under tsx they are read from the source folder as before.
 */
const migrationsBesideMain = (): Plugin => ({
  name: 'darkroom:migrations-beside-main',
  apply: 'build',
  generateBundle() {
    for (const file of readdirSync(migrationsDir).filter((name) => name.endsWith('.sql'))) {
      this.emitFile({
        type: 'asset',
        fileName: `migrations/${file}`,
        source: readFileSync(`${migrationsDir}/${file}`, 'utf8')
      })
    }
  }
})

export default defineConfig({
  main: {
    resolve: { alias },
    plugins: [migrationsBesideMain()],
    build: {
      outDir: path('./out/main'),
      lib: { entry: path('./src-main/index.ts'), formats: ['es'] },
      rolldownOptions: {
        // One file, so import.meta.url is out/main/index.js for every module (see above).
        output: { codeSplitting: false }
      }
    }
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: path('./out/preload'),
      // Sandboxed preloads cannot be ES modules.
      lib: {
        entry: path('./src-main/preload/index.ts'),
        formats: ['cjs'],
        fileName: () => 'index.cjs'
      }
    }
  },
  renderer: {
    root: path('./src-renderer'),
    base: './',
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: path('./out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: path('./src-renderer/index.html') }
    }
  }
})
