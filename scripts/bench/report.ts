import { meets, shortfall, type Summary, type Target } from './stats'

/** One side's measurement of a figure. */
export interface Measured {
  /** Who was measured: `Darkroom`, `sharp loop`, `ipx`, … */
  side: string
  unit: string
  summary: Summary
  /** Further facts worth a column, such as a p99 latency. */
  extra?: string
}

export interface FigureRow {
  /** Figure number and short title, e.g. `1b Cold render throughput, 2 connections`. */
  title: string
  darkroom: Measured
  baseline?: Measured
  /** Darkroom over baseline per round (or per paired request), summarised. */
  ratio?: Summary
  target?: {
    /** What is compared: the ratio's or Darkroom's `stat`. */
    on: 'ratio' | 'darkroom'
    stat: keyof Summary
    goal: Target
    text: string
  }
  /** Why the figure misses its target, when it does. */
  whyMissed?: string
  note?: string
}

export interface MachineFacts {
  cpus: number
  cpuModel: string
  memoryGb: number
  node: string
  sharp: string
  libvips: string
  os: string
  loadAverage: number[]
}

export interface BenchReport {
  date: string
  mode: 'full' | 'quick'
  machine: MachineFacts
  settings: string[]
  rows: FigureRow[]
  notes: string[]
}

/** Three significant digits, without exponent notation. */
export const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return String(value)
  const magnitude = Math.abs(value)
  if (magnitude >= 100) return Math.round(value).toString()
  if (magnitude >= 10) return value.toFixed(1)
  if (magnitude >= 1) return value.toFixed(2)
  return value.toPrecision(2)
}

const spread = (s: Summary) => `${formatNumber(s.p25)}–${formatNumber(s.p75)}`

const cell = (m: Measured | undefined): string => {
  if (!m) return '—'
  const base = `${m.side}: **${formatNumber(m.summary.median)}** ${m.unit} (p25–p75 ${spread(m.summary)}, n=${m.summary.n})`
  return m.extra ? `${base}; ${m.extra}` : base
}

/** `met`, or by how much the figure misses its target. */
export const verdict = (row: FigureRow): string => {
  const { target } = row
  if (!target) return '—'
  const source = target.on === 'ratio' ? row.ratio : row.darkroom.summary
  if (!source) return 'not measured'
  const value = source[target.stat]
  if (meets(value, target.goal)) return 'met'
  const missed = `missed by ${formatNumber(shortfall(value, target.goal) * 100)}% (${formatNumber(value)})`
  return row.whyMissed ? `${missed}: ${row.whyMissed}` : missed
}

const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The markdown page `npm run bench` writes to docs/benchmarks.md. */
export const renderReport = (report: BenchReport): string => {
  const m = report.machine
  const lines = [
    '# Darkroom benchmarks',
    '',
    `Written by \`npm run bench${report.mode === 'quick' ? ' -- --quick' : ''}\` on ${report.date}` +
      (report.mode === 'quick' ? ' (quick mode: tiny counts, figures are rough).' : '.'),
    'Every ratio compares sides measured in the same run, in alternating rounds, so machine noise',
    'falls on both sides; the ratio is taken per round and summarised (median, p25–p75).',
    '',
    '## Machine',
    '',
    '| fact | value |',
    '|---|---|',
    `| CPUs | ${m.cpus} × ${escape(m.cpuModel)} |`,
    `| memory | ${formatNumber(m.memoryGb)} GB |`,
    `| OS | ${escape(m.os)} |`,
    `| Node | ${m.node} |`,
    `| sharp / libvips | ${m.sharp} / ${m.libvips} |`,
    `| load average at start (1, 5, 15 min) | ${m.loadAverage.map(formatNumber).join(', ')} |`,
    '',
    '## Figures',
    '',
    '| figure | Darkroom | baseline | ratio (median, p25–p75) | target | result |',
    '|---|---|---|---|---|---|'
  ]
  for (const row of report.rows) {
    const ratio = row.ratio ? `**${formatNumber(row.ratio.median)}x** (${spread(row.ratio)})` : '—'
    lines.push(
      `| ${escape(row.title)} | ${escape(cell(row.darkroom))} | ${escape(cell(row.baseline))} | ${ratio} | ${escape(row.target?.text ?? '—')} | ${escape(verdict(row))} |`
    )
  }
  const rowNotes = report.rows.filter((row) => row.note).map((row) => `- **${row.title}**: ${row.note}`)
  lines.push('', '## How each figure is measured', '', ...report.settings.map((s) => `- ${s}`))
  if (rowNotes.length > 0) lines.push('', '## Notes on figures', '', ...rowNotes)
  if (report.notes.length > 0) lines.push('', '## Notes', '', ...report.notes.map((n) => `- ${n}`))
  lines.push('')
  return lines.join('\n')
}
