import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

export type CannonOptions = autocannon.Options
export type CannonResult = autocannon.Result

/** Runs autocannon in this process and waits for its result. */
export const cannon = (options: CannonOptions): Promise<CannonResult> =>
  new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)))
  })

const statusField = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no ${field} for process ${pid}`)
  return Math.round(Number(match[1]) / 1024)
}

/** Resident memory of a process now, in MB (Linux). */
export const rssMb = (pid: number): number => statusField(pid, 'VmRSS')

/** The highest resident memory a process has had, in MB (Linux). */
export const peakRssMb = (pid: number): number => statusField(pid, 'VmHWM')

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
}

/** Counts of answers by status, from autocannon's per-status table. */
export const statusCounts = (result: CannonResult): Record<number, number> =>
  Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [Number(code), (stats as { count: number }).count])
  )

/** A JPEG with a comment segment after SOI: the same picture as other bytes, a new object. */
export const withComment = (jpeg: Buffer, comment: string): Buffer => {
  const text = Buffer.from(comment, 'latin1')
  const length = Buffer.alloc(2)
  length.writeUInt16BE(text.length + 2)
  return Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xfe]), length, text, jpeg.subarray(2)])
}
