import type { DepartmentsTable } from './tables/departments.js'
import type { IndicatorDepartmentsTable } from './tables/indicator-departments.js'
import type { IndicatorTargetsTable } from './tables/indicator-targets.js'
import type { IndicatorsTable } from './tables/indicators.js'
import type { JurisdictionsTable } from './tables/jurisdictions.js'
import type { PillarsTable } from './tables/pillars.js'
import type { PlansTable } from './tables/plans.js'
import type { TaskDepartmentsTable } from './tables/task-departments.js'
import type { TasksTable } from './tables/tasks.js'

/** Every table, one file each under tables/. */
export interface Database {
  jurisdictions: JurisdictionsTable
  plans: PlansTable
  pillars: PillarsTable
  departments: DepartmentsTable
  indicators: IndicatorsTable
  indicator_targets: IndicatorTargetsTable
  indicator_departments: IndicatorDepartmentsTable
  tasks: TasksTable
  task_departments: TaskDepartmentsTable
}
