import { readFile } from 'node:fs/promises'

/** Resident memory of a process in bytes, from Linux's /proc; null where that cannot be read. */
export const residentBytes = async (pid: number): Promise<number | null> => {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    return match ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}
