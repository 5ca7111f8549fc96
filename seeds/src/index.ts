export { loadSeeds, type PlanSeedCounts, type SeedSummary } from './load-seeds.js'
export { defaultSourceDir, readSeedFiles, seedDataDir, SeedValidationError, type SeedData } from './read-seed-files.js'
