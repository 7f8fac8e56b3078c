import { readFileSync, writeFileSync } from 'node:fs'

const MB = 1024 * 1024

const statusField = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!match) throw new Error(`no ${field} for process ${pid}`)
  return Number(match[1]) * 1024
}

/** Resident memory of a process, in bytes (Linux /proc). */
export const rssOf = (pid: number): number => statusField(pid, 'VmRSS')

/**
 * Measures how far a process's resident memory peaks above where it stood while `work` runs:
 * the kernel's high-water mark is reset first (`clear_refs` 5), then read after.
 */
export const peakGrowthDuring = async <T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakGrowthMb: number }> => {
  writeFileSync(`/proc/${pid}/clear_refs`, '5')
  const before = rssOf(pid)
  const result = await work()
  const peak = statusField(pid, 'VmHWM')
  return { result, peakGrowthMb: Math.max(0, Math.round(((peak - before) / MB) * 10) / 10) }
}

export const megabytes = (bytes: number): number => Math.round((bytes / MB) * 10) / 10
