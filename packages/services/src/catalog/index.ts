export { createDepartment, departmentContacts, updateDepartment } from './admin/departments.js'
export {
  createJurisdiction,
  createPillar,
  createPlan,
  deletePillar,
  updateJurisdiction,
  updatePillar,
  updatePlan,
} from './admin/plans.js'
export {
  createIndicator,
  createTarget,
  deleteIndicator,
  deleteTarget,
  setIndicatorDepartments,
  updateIndicator,
  updateTarget,
  type StatusWrite,
  type WriteContext,
} from './admin/indicators.js'
export { deleteRollup, setRollup } from './admin/rollups.js'
export { getDepartment, listDepartments } from './read/departments.js'
export { getIndicator, listIndicators } from './read/indicators.js'
export { getPlan, listPlans } from './read/plans.js'
export {
  deleteBoundaryFile,
  getGeoShape,
  mapChildren,
  putBoundaryFile,
  shippedBoundary,
  type GeoOptions,
} from './geo/boundaries.js'
