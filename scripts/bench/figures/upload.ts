import { copyFile, mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { darkroomClient } from '../darkroom-client'
import type { FigureRow } from '../report'
import { startDarkroom } from '../sides'
import { pairedRatios, summarize } from '../stats'

/** Copies a file and syncs it to disk, as Darkroom does with every original it keeps. */
const copyDurably = async (from: string, to: string) => {
  await copyFile(from, to)
  const handle = await open(to, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Figure 4: `uploads` concurrent single-file uploads drawn from `files` (so some are duplicates),
 * in MB/s, against copying the same files on the same disk with the same concurrency.
 */
export const measureUploads = async (
  files: readonly string[],
  uploads: number,
  rounds: number,
  log: (line: string) => void
): Promise<FigureRow> => {
  const batch = Array.from({ length: uploads }, (_, i) => files[i % files.length] as string)
  const sizes = await Promise.all(batch.map(async (file) => (await stat(file)).size))
  const megabytes = sizes.reduce((a, b) => a + b, 0) / 1e6
  const darkroomRates: number[] = []
  const copyRates: number[] = []
  for (let round = 0; round < rounds; round++) {
    const work = await mkdtemp(join(tmpdir(), 'darkroom-bench-upload-'))
    try {
      const server = await startDarkroom(join(work, 'darkroom'))
      const client = darkroomClient(server.url, server.apiKey)
      const viaDarkroom = async () => {
        log(`figure 4: ${uploads} concurrent uploads (${Math.round(megabytes)} MB), round ${round + 1}`)
        const started = performance.now()
        await Promise.all(batch.map((file) => client.upload(file)))
        darkroomRates.push(megabytes / ((performance.now() - started) / 1000))
      }
      const viaCopy = async () => {
        const target = join(work, 'copies')
        await mkdir(target)
        const started = performance.now()
        await Promise.all(batch.map((file, i) => copyDurably(file, join(target, `${i}-${basename(file)}`))))
        copyRates.push(megabytes / ((performance.now() - started) / 1000))
      }
      try {
        if (round % 2 === 0) await viaDarkroom().then(viaCopy)
        else await viaCopy().then(viaDarkroom)
      } finally {
        await server.stop()
      }
    } finally {
      await rm(work, { recursive: true, force: true })
    }
  }
  const distinct = new Set(batch).size
  return {
    title: `4 Upload, ${uploads} concurrent ~5 MB JPEGs (${distinct} distinct)`,
    darkroom: { side: 'Darkroom', unit: 'MB/s', summary: summarize(darkroomRates) },
    baseline: { side: 'copy + fsync on the same disk', unit: 'MB/s', summary: summarize(copyRates) },
    ratio: pairedRatios(darkroomRates, copyRates),
    note:
      'no target: the ratio shows what checking uploads costs. Each upload is streamed to a temporary file while hashed, synced, probed by decoding it (size, opacity, entropy; once for bytes arriving together or already held) and linked into the content-addressed store; the copy only moves bytes.'
  }
}
