export { loadSeeds, type PlanSeedCounts, type SeedSummary } from './load-seeds.js'
export {
  defaultSourceDir,
  readSeedFiles,
  seedDataDir,
  shippedGeoDir,
  SeedValidationError,
  type SeedData,
} from './read-seed-files.js'
export { type DivisionTree, type DivisionUnit, isFunctionalZone, readDivisionTree } from './division.js'
export type { JurisdictionSeedSummary, ProvinceCounts } from './load-jurisdictions.js'
