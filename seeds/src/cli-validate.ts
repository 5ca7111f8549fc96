import { readSeedFiles, SeedValidationError } from './read-seed-files.js'

// Usage: pnpm seeds:validate [file.yaml] — prints counts per plan, or every problem with file and path.
try {
  const { jurisdictions, plans } = readSeedFiles({ only: process.argv[2] })
  console.log(`jurisdictions: ${jurisdictions.length}`)
  for (const { file, data } of plans) {
    const milestones = data.tasks.filter((t) => t.kind === 'milestone').length
    console.log(
      `${file}: ${data.plan.jurisdiction} indicators=${data.indicators.length} targets=${data.indicators.reduce((n, i) => n + i.targets.length, 0)} tasks=${data.tasks.length - milestones} milestones=${milestones} departments=${data.departments.length} pillars=${data.pillars.length}`,
    )
  }
} catch (e) {
  if (e instanceof SeedValidationError) {
    console.error(e.message)
    process.exit(1)
  }
  throw e
}
