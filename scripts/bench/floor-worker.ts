import sharp from 'sharp'

/**
 * The floor: the same operation called directly on sharp in a loop, in its own process like the
 * servers. Receives `{ file, width, height, quality, count, concurrency }` (or `seconds` instead of
 * `count`) and answers the milliseconds of each operation and the wall time of the whole batch.
 */
interface FloorJob {
  file: string
  width: number
  height: number
  quality: number
  count: number
  /** Keep starting operations for this long instead of `count` times. */
  seconds?: number
  concurrency: number
}

const once = async (job: FloorJob): Promise<number> => {
  const started = performance.now()
  await sharp(job.file, { failOn: 'error' })
    .resize(job.width, job.height, { fit: 'fill', kernel: 'lanczos3' })
    .jpeg({ quality: job.quality })
    .toBuffer()
  return performance.now() - started
}

const runBatch = async (job: FloorJob) => {
  const durations: number[] = []
  let next = 0
  const started = performance.now()
  const until = job.seconds === undefined ? Infinity : started + job.seconds * 1000
  const more = () => (job.seconds === undefined ? next < job.count : performance.now() < until)
  const lane = async () => {
    while (more()) {
      next++
      durations.push(await once(job))
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, lane))
  return { durations, wallMs: performance.now() - started }
}

process.on('message', (job: FloorJob) => {
  runBatch(job).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: String(error) })
  )
})
process.send?.({ ready: true })
