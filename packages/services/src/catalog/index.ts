export { createDepartment, departmentContacts, updateDepartment } from './admin/departments.js'
export { createJurisdiction, updateJurisdiction } from './admin/jurisdictions.js'
export { createPillar, deletePillar, updatePillar } from './admin/pillars.js'
export { createPlan, updatePlan } from './admin/plans.js'
export {
  createIndicator,
  deleteIndicator,
  setIndicatorDepartments,
  updateIndicator,
  type StatusWrite,
  type WriteContext,
} from './admin/indicators.js'
export { createTarget, deleteTarget, updateTarget } from './admin/targets.js'
export { deleteRollup, setRollup } from './admin/rollups.js'
export { getDepartment, listDepartments } from './read/departments.js'
export { getIndicator, listIndicatorPage, listIndicators } from './read/indicators.js'
export { getPlan, listPlans } from './read/plans.js'
export {
  deleteBoundaryFile,
  getGeoShape,
  mapChildren,
  putBoundaryFile,
  shippedBoundary,
  type GeoOptions,
} from './geo/boundaries.js'
