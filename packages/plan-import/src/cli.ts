import { readFileSync, statSync } from 'node:fs'
import { extractPlan } from './extract.js'
import { readDocument } from './read-document.js'
import { PlanImportError } from './refusal.js'
import { seedJurisdictions } from './seed-jurisdictions.js'

async function main() {
  const file = process.argv.slice(2).find((a) => a !== '--')
  if (!file) {
    process.stderr.write('usage: npm run plan:extract -- FILE (.txt, .md, .docx, .pdf)\n')
    process.exit(2)
  }
  try {
    statSync(file)
  } catch {
    process.stderr.write(`找不到文件:${file}\n`)
    process.exit(2)
  }
  try {
    const doc = await readDocument(file, readFileSync(file))
    const { blocks: _blocks, ...proposals } = extractPlan(doc, { jurisdictions: seedJurisdictions() })
    process.stdout.write(`${JSON.stringify(proposals, null, 2)}\n`)
  } catch (e) {
    if (e instanceof PlanImportError) {
      process.stderr.write(`${e.message}\n`)
      process.exit(1)
    }
    throw e
  }
}

await main()
