import type { Measurement } from './measurement.js'

const fmt = (n: number) =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(Math.abs(n) >= 10 ? 1 : 2)

/** The printed table: figure, floor, ratio, goal and verdict, peak RSS; one line per measurement. */
export function formatSummary(ms: Measurement[]): string {
  const rows: string[][] = [['measurement', 'figure', 'floor', 'ratio', 'goal', 'verdict', 'peak RSS MB']]
  for (const m of ms)
    rows.push([
      m.name,
      `${fmt(m.value)} ${m.unit}`,
      m.floor ? `${fmt(m.floor.value)} (${m.floor.what})` : '—',
      m.ratio === null ? '—' : m.ratio.toFixed(3),
      m.goal?.text ?? '—',
      m.goal ? (m.goal.pass ? 'PASS' : 'MISSED') : '—',
      fmt(m.peakRssMb),
    ])
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
    .join('\n')
}
