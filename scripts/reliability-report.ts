/**
 * `npm run test:reliability`: runs the whole hardening suite (faults with the long crash loop, bad
 * inputs, security, watched folders, then load on its own so nothing else shares the cores), and
 * writes docs/reliability.md: every test-plan ID the hardening issue names, its result and what it
 * measured. An ID without a test is reported as missing, never as passed.
 *
 * Environment: DARKROOM_KILL_ROUNDS (F1's crash rounds, default 200).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const REPORT = join(ROOT, 'docs', 'reliability.md')

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`)

/** The IDs the hardening issue names, in the order the report lists them. */
const IDS = [
  ...range('L', 1, 5),
  ...['F1', 'F2', 'F4', 'F6', 'F8', 'F12', 'F13', 'F15', 'F16'],
  ...range('B', 1, 34),
  ...range('S', 1, 13),
  'S15',
  'S17'
]

interface Assertion {
  ancestorTitles: string[]
  title: string
  fullName: string
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo' | 'disabled'
  duration?: number | null
  failureMessages?: string[]
}

interface JsonReport {
  testResults: { name: string; status: string; message?: string; assertionResults: Assertion[] }[]
}

type Figure = Record<string, number | string | boolean>

interface Phase {
  name: string
  seconds: number
  report: JsonReport | null
}

/** IDs named at the start of a title: `F12: …`, `B27, S9: …`, `B31-B34: …`. */
export const idsOfTitle = (title: string): string[] => {
  const match = /^\s*([A-Z]\d+(?:\s*(?:,|\/|&|and|-|–)\s*[A-Z]\d+)*)\s*[:—–-]/.exec(title)
  if (!match) return []
  const ids: string[] = []
  const spans = (match[1] as string).split(/\s*(?:,|\/|&|and)\s*/)
  for (const span of spans) {
    const bounds = /^([A-Z])(\d+)\s*[-–]\s*([A-Z])(\d+)$/.exec(span)
    if (bounds && bounds[1] === bounds[3]) {
      ids.push(...range(bounds[1] as string, Number(bounds[2]), Number(bounds[4])))
    } else {
      ids.push(...(span.match(/[A-Z]\d+/g) ?? []))
    }
  }
  return ids
}

/** Runs one vitest phase with the JSON reporter; returns its report and how long it took. */
const runPhase = (name: string, args: string[], env: NodeJS.ProcessEnv, work: string): Phase => {
  const output = join(work, `${name}.json`)
  const started = Date.now()
  console.log(`\n== ${name}: vitest ${args.join(' ')}`)
  spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      'vitest.reliability.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${output}`,
      ...args
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }
  )
  const seconds = Math.round((Date.now() - started) / 1000)
  const report = existsSync(output) ? (JSON.parse(readFileSync(output, 'utf8')) as JsonReport) : null
  return { name, seconds, report }
}

const readFigures = (dir: string): Map<string, Figure[]> => {
  const byId = new Map<string, Figure[]>()
  if (!existsSync(dir)) return byId
  for (const file of readdirSync(dir).sort()) {
    try {
      const { id, figures } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { id: string; figures: Figure }
      byId.set(id, [...(byId.get(id) ?? []), figures])
    } catch {
      console.warn(`reliability report: ${file} is not a figures record; skipped`)
    }
  }
  return byId
}

type Result = 'pass' | 'fail' | 'skipped' | 'missing'

interface Row {
  id: string
  result: Result
  tests: number
  seconds: number
  figures: Figure[]
  failures: string[]
}

const resultOf = (statuses: Assertion['status'][]): Result => {
  if (statuses.length === 0) return 'missing'
  if (statuses.includes('failed')) return 'fail'
  if (statuses.includes('passed')) return 'pass'
  return 'skipped'
}

const numberOf = (figures: Figure[], key: RegExp): number =>
  figures.reduce(
    (sum, figure) =>
      sum + Object.entries(figure).reduce((s, [name, value]) => (key.test(name) && typeof value === 'number' ? s + value : s), 0),
    0
  )

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

const describeFigures = (figures: Figure[]): string => {
  if (figures.length === 0) return ''
  const shown = figures.slice(0, 3).map((figure) =>
    Object.entries(figure)
      .map(([name, value]) => `${name}: ${String(value)}`)
      .join('; ')
  )
  const more = figures.length > 3 ? ` (+${figures.length - 3} more records)` : ''
  return escapeCell(shown.join(' · ') + more)
}

const buildRows = (phases: Phase[], figures: Map<string, Figure[]>): Row[] => {
  const found = new Map<string, Assertion[]>()
  for (const phase of phases) {
    for (const file of phase.report?.testResults ?? []) {
      for (const assertion of file.assertionResults) {
        const fromTitle = idsOfTitle(assertion.title)
        const ids = fromTitle.length > 0 ? fromTitle : assertion.ancestorTitles.flatMap(idsOfTitle)
        for (const id of new Set(ids)) found.set(id, [...(found.get(id) ?? []), assertion])
      }
    }
  }
  return IDS.map((id) => {
    const assertions = found.get(id) ?? []
    return {
      id,
      result: resultOf(assertions.map((a) => a.status)),
      tests: assertions.length,
      seconds: Math.round(assertions.reduce((sum, a) => sum + (a.duration ?? 0), 0) / 100) / 10,
      figures: figures.get(id) ?? [],
      failures: assertions.filter((a) => a.status === 'failed').map((a) => a.fullName)
    }
  })
}

const writeReport = (rows: Row[], phases: Phase[], figures: Map<string, Figure[]>, rounds: number): void => {
  const count = (result: Result) => rows.filter((row) => row.result === result).length
  const all = [...figures.values()].flat()
  const passedFaults = rows.filter((row) => row.id.startsWith('F') && row.result === 'pass')
  const badInputs = rows.filter((row) => row.id.startsWith('B'))
  const totals = {
    requestsHeld: numberOf(all, /^requests held$/),
    faultsSurvived: numberOf(passedFaults.flatMap((row) => row.figures), /^faults injected$/),
    badInputsTried: numberOf(badInputs.flatMap((row) => row.figures), /^(bad )?inputs tried$/) ||
      badInputs.reduce((sum, row) => sum + row.tests, 0),
    dataLost: numberOf(all, /^data lost$/)
  }
  const lines = [
    '# Darkroom reliability report',
    '',
    'Written by `npm run test:reliability` (scripts/reliability-report.ts) from the hardening suite of',
    'the test plan: load (L), faults (F), bad inputs (B) and security (S). An ID whose test does not',
    'exist yet is listed as **missing**; a test skipped on this machine as **skipped**.',
    '',
    `Run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; F1 with ${rounds} crash rounds.`,
    '',
    '| phase | wall time |',
    '|---|---|',
    ...phases.map((phase) => `| ${phase.name} | ${phase.seconds} s${phase.report ? '' : ' (no report: vitest did not finish)'} |`),
    '',
    '## Totals',
    '',
    `- IDs: ${rows.length}; pass ${count('pass')}, fail ${count('fail')}, skipped ${count('skipped')}, missing ${count('missing')}`,
    `- requests held under load and faults: ${totals.requestsHeld}`,
    `- faults injected and survived: ${totals.faultsSurvived}`,
    `- bad inputs tried: ${totals.badInputsTried}`,
    `- data lost: ${totals.dataLost}`,
    '',
    '## Results',
    '',
    '| ID | result | tests | time (s) | figures |',
    '|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${row.id} | ${row.result === 'pass' ? 'pass' : `**${row.result}**`} | ${row.tests} | ${row.tests ? row.seconds : ''} | ${describeFigures(row.figures)} |`
    )
  ]
  const failures = rows.filter((row) => row.failures.length > 0)
  if (failures.length > 0) {
    lines.push('', '## Failures', '')
    for (const row of failures) for (const name of row.failures) lines.push(`- ${row.id}: ${escapeCell(name)}`)
  }
  const baseline = figures.get('L-baseline')
  if (baseline) lines.push('', `Load baseline (GET / on the same server, same run): ${describeFigures(baseline)}.`)
  mkdirSync(join(ROOT, 'docs'), { recursive: true })
  writeFileSync(REPORT, `${lines.join('\n')}\n`)
}

const main = (): number => {
  const work = mkdtempSync(join(tmpdir(), 'darkroom-reliability-'))
  const figuresDir = join(work, 'figures')
  const rounds = Number(process.env.DARKROOM_KILL_ROUNDS ?? 200)
  const env = { DARKROOM_FIGURES_DIR: figuresDir, DARKROOM_KILL_ROUNDS: String(rounds) }
  try {
    const phases = [
      runPhase('faults, bad inputs, security, watched folders', ['--exclude', 'e2e/hardening/load/**'], env, work),
      // alone and one file at a time, so the load figures measure Darkroom and not the other suites
      runPhase('load', ['--no-file-parallelism', 'e2e/hardening/load'], env, work)
    ]
    const figures = readFigures(figuresDir)
    const rows = buildRows(phases, figures)
    writeReport(rows, phases, figures, rounds)
    const bad = rows.filter((row) => row.result === 'fail' || row.result === 'missing')
    console.log(`\nWrote ${REPORT}: ${rows.length - bad.length} of ${rows.length} IDs pass or are skipped here.`)
    if (bad.length > 0) console.log(`Not passing: ${bad.map((row) => `${row.id} (${row.result})`).join(', ')}`)
    return bad.length === 0 ? 0 : 1
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main())
