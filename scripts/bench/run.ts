import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { measurePreview } from './figures/preview'
import { measureRenders } from './figures/renders'
import { measureSearch } from './figures/search'
import { measureUploads } from './figures/upload'
import { CACHE_DIR, prepareInputs } from './inputs'
import { machineFacts } from './machine'
import { renderReport, type FigureRow } from './report'

/** Counts of a full run and of `--quick` (every figure, tiny counts, about two minutes). */
const COUNTS = {
  full: {
    uploadFiles: 20,
    renders: { singleRequests: 40, rounds: 6, coldSeconds: 5, cachedSeconds: 4, connectionsCold: 2, connectionsCached: 16 },
    uploads: 100,
    uploadRounds: 3,
    searchRows: 100_000,
    searchRequests: 300,
    previews: 15
  },
  quick: {
    uploadFiles: 4,
    renders: { singleRequests: 6, rounds: 2, coldSeconds: 2, cachedSeconds: 1, connectionsCold: 2, connectionsCached: 16 },
    uploads: 20,
    uploadRounds: 1,
    searchRows: 10_000,
    searchRequests: 40,
    previews: 3
  }
}

const GROUPS = ['renders', 'upload', 'search', 'preview'] as const

const main = async () => {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' } },
    strict: true
  })
  const mode = values.quick ? 'quick' : 'full'
  const counts = COUNTS[mode]
  const only = new Set(values.only ? values.only.split(',') : GROUPS)
  const out = resolve(values.out ?? (values.quick ? `${CACHE_DIR}/benchmarks-quick.md` : 'docs/benchmarks.md'))
  const log = (line: string) => console.log(`bench: ${line}`)
  const machine = machineFacts()
  const started = performance.now()

  log('preparing inputs (downloaded and derived once, then reused from .cache/bench)')
  const inputs = await prepareInputs(counts.uploadFiles)
  const rows: FigureRow[] = []
  const notes: string[] = []
  const groups: Record<(typeof GROUPS)[number], () => Promise<FigureRow[]>> = {
    renders: () => measureRenders(inputs.sharpShape, counts.renders, log),
    upload: async () => [await measureUploads(inputs.uploads, counts.uploads, counts.uploadRounds, log)],
    search: () => measureSearch(counts.searchRows, counts.searchRequests, log),
    preview: () => measurePreview(inputs.preview24mp, counts.previews, log)
  }
  let failed = false
  for (const group of GROUPS) {
    if (!only.has(group)) continue
    try {
      rows.push(...(await groups[group]()))
    } catch (error) {
      failed = true
      notes.push(`The ${group} figures failed: ${error instanceof Error ? error.message : String(error)}`)
      console.error(error)
    }
  }
  notes.push(`The whole run took ${Math.round((performance.now() - started) / 1000)} s.`)
  const markdown = renderReport({
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    mode,
    machine,
    settings: [
      `Inputs: the ${inputs.jpegs.length} JPEG and ${inputs.pngs.length} PNG 5120x2880 wallpapers of Debian's plasma-workspace-wallpapers package, fetched with apt-get into .cache/bench; sharp's benchmark shape (2725x2225 JPEG) and a 6000x4000 (24 MP) JPEG cut and scaled from the first of them; ~5 MB upload files re-encoded from all of them. Derived files get sensor-like grain so they compress like camera files.`,
      'Sides run as separate processes on 127.0.0.1: Darkroom (`src-main/headless.ts` through tsx, as `npm run serve`), ipx 3 with its file storage, a plain Node file server, and a sharp loop. All use the same sharp and libvips.',
      'HTTP load comes from autocannon in the benchmark process (keep-alive connections, a fixed number of requests per round). Cold Darkroom requests each address a new source image (the same original under its own `version` dynamic metadata), so every one renders; ipx renders every request anyway. Those images share one original file: Darkroom hashes it on its first render and then trusts it while its inode, size and times on disk are unchanged, as it does for any original rendered again.',
      'Throughput ratios are per round (sides alternate order each round); the single-request ratio is per pair of requests taken back to back.'
    ],
    rows,
    notes
  })
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, markdown)
  log(`wrote ${out}`)
  if (failed) process.exitCode = 1
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
