import { describe, expect, it } from 'vitest'
import { formatNumber, renderReport, verdict, type BenchReport, type FigureRow } from './report'
import { summarize } from './stats'

const row = (overrides: Partial<FigureRow> = {}): FigureRow => ({
  title: '1a Cold render, single request',
  darkroom: { side: 'Darkroom', unit: 'ms', summary: summarize([40, 42, 44]) },
  baseline: { side: 'sharp loop', unit: 'ms', summary: summarize([38, 40, 42]) },
  ratio: summarize([1.05, 1.05, 1.1]),
  target: { on: 'ratio', stat: 'median', goal: { kind: 'max', value: 1.15 }, text: '≤ 1.15x' },
  ...overrides
})

const report = (rows: FigureRow[]): BenchReport => ({
  date: '2026-01-02 03:04 UTC',
  mode: 'full',
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGb: 8, node: 'v20.0.0', sharp: '0.35.5', libvips: '8.18.7', os: 'Linux 6', loadAverage: [1, 0.5, 0.25] },
  settings: ['every side on 127.0.0.1'],
  rows,
  notes: ['a note']
})

describe('benchmark report', () => {
  it('formats numbers to about three significant digits', () => {
    expect(formatNumber(1234.5)).toBe('1235')
    expect(formatNumber(45.67)).toBe('45.7')
    expect(formatNumber(1.2345)).toBe('1.23')
    expect(formatNumber(0.031234)).toBe('0.031')
  })

  it('says met, or by how much and why a target is missed', () => {
    expect(verdict(row())).toBe('met')
    const missed = row({ ratio: summarize([1.5, 1.5, 1.5]), whyMissed: 'the cache write' })
    expect(verdict(missed)).toBe('missed by 30.4% (1.50): the cache write')
    const onDarkroom = row({
      darkroom: { side: 'Darkroom', unit: 'ms', summary: summarize([10, 30]) },
      target: { on: 'darkroom', stat: 'p95', goal: { kind: 'max', value: 20 }, text: 'p95 < 20 ms' }
    })
    expect(verdict(onDarkroom)).toBe('missed by 45.0% (29.0)')
    expect(verdict(row({ target: undefined }))).toBe('—')
  })

  it('writes machine facts and one table row per figure with median, spread and ratio', () => {
    const markdown = renderReport(report([row(), row({ title: '7 Memory', baseline: undefined, ratio: undefined, target: undefined })]))
    expect(markdown).toContain('| CPUs | 2 × Test CPU |')
    expect(markdown).toContain('| sharp / libvips | 0.35.5 / 8.18.7 |')
    expect(markdown).toContain('| Node | v20.0.0 |')
    const lines = markdown.split('\n')
    const first = lines.find((line) => line.startsWith('| 1a Cold render'))
    expect(first).toBe(
      '| 1a Cold render, single request | Darkroom: **42.0** ms (p25–p75 41.0–43.0, n=3) | sharp loop: **40.0** ms (p25–p75 39.0–41.0, n=3) | **1.05x** (1.05–1.08) | ≤ 1.15x | met |'
    )
    expect(lines.find((line) => line.startsWith('| 7 Memory'))).toMatch(/\| — \| — \| — \| — \|$/)
    expect(markdown).toContain('- a note')
  })

  it('keeps pipes in free text from breaking the table', () => {
    const markdown = renderReport(report([row({ title: 'a | b' })]))
    expect(markdown).toContain('| a \\| b |')
  })
})
