import type { Migration } from 'kysely'
import * as m20261122T1700 from './20261122T1700_plans-and-targets.js'
import * as m20261122T1730 from './20261122T1730_identities-submissions-observations.js'
import * as m20261122T1800 from './20261122T1800_reporting-discipline.js'
import * as m20261122T1900 from './20261122T1900_alerts.js'
import * as m20261122T2100 from './20261122T2100_display-keys.js'
import * as m20261122T2130 from './20261122T2130_observation-review.js'
import * as m20261122T2200 from './20261122T2200_manual-reminders.js'
import * as m20261122T2210 from './20261122T2210_evidence-files.js'
import * as m20261202T1000 from './20261202T1000_revision-order.js'
import * as m20261202T1010 from './20261202T1010_runtime-state.js'
import * as m20261202T1100 from './20261202T1100_task-progress.js'
import * as m20261202T1200 from './20261202T1200_task-reporting-and-alerts.js'
import * as m20261202T1300 from './20261202T1300_login-throttles.js'
import * as m20261202T1500 from './20261202T1500_history-import.js'
import * as m20261202T1600 from './20261202T1600_jurisdiction-retired.js'
import * as m20261202T1700 from './20261202T1700_indicator-rollups.js'
import * as m20261202T1710 from './20261202T1710_boundary-files.js'
import * as m20261202T1800 from './20261202T1800_plan-imports.js'
import * as m20261202T1810 from './20261202T1810_status-marks.js'
import * as m20261202T1910 from './20261202T1910_scale-indexes.js'
import * as m20261203T0700 from './20261203T0700_alert-fanout-indexes.js'
import * as m20261203T0710 from './20261203T0710_rollup-observations-index.js'
import * as m20261203T1000 from './20261203T1000_jurisdiction-counts.js'

/** Every migration by its timestamped name; append only, never edit a landed one. */
export const migrations: Record<string, Migration> = {
  '20261122T1700_plans-and-targets': m20261122T1700,
  '20261122T1730_identities-submissions-observations': m20261122T1730,
  '20261122T1800_reporting-discipline': m20261122T1800,
  '20261122T1900_alerts': m20261122T1900,
  '20261122T2100_display-keys': m20261122T2100,
  '20261122T2130_observation-review': m20261122T2130,
  '20261122T2200_manual-reminders': m20261122T2200,
  '20261122T2210_evidence-files': m20261122T2210,
  '20261202T1000_revision-order': m20261202T1000,
  '20261202T1010_runtime-state': m20261202T1010,
  '20261202T1100_task-progress': m20261202T1100,
  '20261202T1200_task-reporting-and-alerts': m20261202T1200,
  '20261202T1300_login-throttles': m20261202T1300,
  '20261202T1500_history-import': m20261202T1500,
  '20261202T1600_jurisdiction-retired': m20261202T1600,
  '20261202T1700_indicator-rollups': m20261202T1700,
  '20261202T1710_boundary-files': m20261202T1710,
  '20261202T1800_plan-imports': m20261202T1800,
  '20261202T1810_status-marks': m20261202T1810,
  '20261202T1910_scale-indexes': m20261202T1910,
  '20261203T0700_alert-fanout-indexes': m20261203T0700,
  '20261203T0710_rollup-observations-index': m20261203T0710,
  '20261203T1000_jurisdiction-counts': m20261203T1000,
}
