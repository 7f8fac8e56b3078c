import { cpus, loadavg, release, totalmem, type } from 'node:os'
import sharp from 'sharp'
import type { MachineFacts } from './report'

/** What the table needs to say about the machine it was measured on. */
export const machineFacts = (): MachineFacts => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGb: totalmem() / 1024 ** 3,
  node: process.version,
  sharp: sharp.versions.sharp ?? 'unknown',
  libvips: sharp.versions.vips,
  os: `${type()} ${release()}`,
  loadAverage: loadavg()
})
