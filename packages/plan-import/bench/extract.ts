import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { defaultSourceDir, readSeedFiles } from '@cockpit/seeds'
import { seedJurisdictions } from '../src/seed-jurisdictions.js'
import { extractPlan } from '../src/extract.js'
import { readDocument } from '../src/read-document.js'
import { Document, Packer, Paragraph } from 'docx'
import { textPdf, wrapLines } from '../src/testing/samples.js'
import { scoreMilestones, scoreTargets, scoreTasks, type Score } from './score.js'

/**
 * Runs the importer on the five seed documents and scores it against the project's own seed files
 * (seeds/data/plans/*.yaml): recall and precision of targets, milestones and tasks, lead departments of the
 * matched tasks, and time per document. `--misses` lists what was missed and what was proposed in excess.
 */
const showMisses = process.argv.includes('--misses')
/** `--as pdf` / `--as docx`: read each seed text converted to that format first (PDF lines wrapped as a text layer gives them). */
const as = process.argv[process.argv.indexOf('--as') + 1]
async function asFormat(text: string): Promise<{ name: string; bytes: Uint8Array }> {
  if (as === 'pdf') return { name: 'plan.pdf', bytes: textPdf(wrapLines(text)) }
  if (as === 'docx') {
    const doc = new Document({
      sections: [
        {
          children: text
            .split(/\r?\n/)
            .filter((l) => l.trim())
            .map((l) => new Paragraph(l.trim())),
        },
      ],
    })
    return { name: 'plan.docx', bytes: new Uint8Array(await Packer.toBuffer(doc)) }
  }
  return { name: 'plan.txt', bytes: new Uint8Array(Buffer.from(text)) }
}
const data = readSeedFiles({ sourceDir: null })
const tree = seedJurisdictions()
const pct = (x: number) => x.toFixed(2)
const rows: string[][] = [
  [
    'document',
    'juris.',
    'targets R',
    'targets P',
    'milest. R',
    'milest. P',
    'tasks R',
    'tasks P',
    'leads ok',
    'all depts ok',
    'ms',
  ],
]
const totals = { t: [0, 0, 0], m: [0, 0, 0], k: [0, 0, 0], leads: 0, all: 0 }
const add = (acc: number[], s: Score) => {
  acc[0]! += s.expected
  acc[1]! += s.proposed
  acc[2]! += s.matched
}
for (const { file, data: seed } of data.plans) {
  const path = join(defaultSourceDir, seed.plan.sourceFile)
  const input = process.argv.includes('--as')
    ? await asFormat(readFileSync(path, 'utf8'))
    : { name: path, bytes: new Uint8Array(readFileSync(path)) }
  const started = performance.now()
  const doc = await readDocument(input.name, input.bytes)
  const got = extractPlan(doc, { jurisdictions: tree })
  const ms = performance.now() - started
  const t = scoreTargets(seed, got)
  const m = scoreMilestones(seed, got)
  const k = scoreTasks(seed, got)
  add(totals.t, t)
  add(totals.m, m)
  add(totals.k, k)
  totals.leads += k.leadsAgree
  totals.all += k.allAgree
  rows.push([
    file.replace('.yaml', ''),
    got.jurisdiction?.code === seed.plan.jurisdiction ? 'ok' : `✗ ${got.jurisdiction?.code ?? '-'}`,
    `${pct(t.recall)} (${t.matched}/${t.expected})`,
    `${pct(t.precision)} (${t.matched}/${t.proposed})`,
    `${pct(m.recall)} (${m.matched}/${m.expected})`,
    `${pct(m.precision)} (${m.matched}/${m.proposed})`,
    `${pct(k.recall)} (${k.matched}/${k.expected})`,
    `${pct(k.precision)} (${k.matched}/${k.proposed})`,
    `${k.leadsAgree}/${k.matched}`,
    `${k.allAgree}/${k.matched}`,
    ms.toFixed(0),
  ])
  if (showMisses) {
    console.log(`\n## ${file}  plan: ${JSON.stringify(got.plan)}`)
    for (const [label, s] of [
      ['targets', t],
      ['milestones', m],
      ['tasks', k],
    ] as const) {
      for (const x of s.misses) console.log(`  missed ${label}: ${x}`)
      for (const x of s.extras) console.log(`  extra  ${label}: ${x}`)
    }
  }
}
const r = (acc: number[]) => `${pct(acc[0] ? acc[2]! / acc[0] : 1)} (${acc[2]}/${acc[0]})`
const p = (acc: number[]) => `${pct(acc[1] ? acc[2]! / acc[1] : 1)} (${acc[2]}/${acc[1]})`
rows.push([
  'overall',
  '',
  r(totals.t),
  p(totals.t),
  r(totals.m),
  p(totals.m),
  r(totals.k),
  p(totals.k),
  `${totals.leads}/${totals.k[2]}`,
  `${totals.all}/${totals.k[2]}`,
  '',
])
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)))
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '))
