import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from './app-paths'
import { formatVerifyReport, verifyStore } from './storage/verify-store'

const usage = `Usage: npm run verify -- [--data-dir <dir>] [--sample <percent>] [--json]

  --data-dir <dir>      the library to check (default: ${defaultDataDir()})
  --sample <percent>    re-hash only this percentage of objects, chosen at random (default 100)
  --json                print the report as JSON

Exit code 0: no problems; 1: something is corrupt or missing; 2: the check could not run.`

const parseSample = (text: string): number => {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 100) {
    throw new Error(`--sample must be a percentage above 0 and at most 100, not "${text}"`)
  }
  return value
}

/** Re-hashes a Darkroom store and says exactly what is corrupt or missing. */
const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      sample: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false }
    },
    strict: true
  })
  if (values.help) {
    console.log(usage)
    return 0
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  if (!existsSync(join(dataDir, 'darkroom.sqlite'))) throw new Error(`${dataDir} holds no Darkroom library`)
  const report = await verifyStore(dataDir, { samplePercent: parseSample(values.sample) })
  console.log(values.json ? JSON.stringify(report, null, 2) : formatVerifyReport(report))
  return report.problems === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Darkroom verify: ${error instanceof Error ? error.message : String(error)}`)
    console.error(usage)
    process.exit(2)
  }
)
