import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { build, type Plugin, type Rolldown } from 'vite'
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

const decoderProcessEntry = path('./src-main/engine/decoders/decoder-process.ts')

/**
 * The decoder host starts `decoder-process.js` beside its own module, which bundled is
 * out/main/index.js. The main build must stay one file (see above) and Rolldown cannot split
 * two entries without chunks, so the decoder process is bundled on its own here, for Node, with
 * its packages left to node_modules as in index.js, and emitted as out/main/decoder-process.js.
 */
const decoderProcessBesideMain = (): Plugin => ({
  name: 'darkroom:decoder-process-beside-main',
  apply: 'build',
  async buildStart() {
    const result = await build({
      configFile: false,
      logLevel: 'warn',
      resolve: { alias },
      build: {
        write: false,
        ssr: decoderProcessEntry,
        target: 'node20',
        minify: false,
        rolldownOptions: {
          output: { format: 'es', entryFileNames: 'decoder-process.js', codeSplitting: false }
        }
      }
    })
    // Without `watch`, build() answers with the bundle rather than a watcher.
    const outputs = [result].flat() as Rolldown.RolldownOutput[]
    const entry = outputs.flatMap(({ output }) => output).find((file) => file.type === 'chunk')
    if (!entry || entry.type !== 'chunk') throw new Error('The decoder process bundle is empty')
    // `npm run dev` rebuilds the main process when one of the decoder process's sources changes.
    for (const id of entry.moduleIds) if (id.startsWith(path('./src-'))) this.addWatchFile(id)
    this.emitFile({ type: 'asset', fileName: 'decoder-process.js', source: entry.code })
  }
})

export default defineConfig({
  main: {
    resolve: { alias },
    plugins: [migrationsBesideMain(), decoderProcessBesideMain()],
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
