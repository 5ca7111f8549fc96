// Browser-safe entry (no exceljs): the portal validates a typed value and period with the very functions
// the ingest worker applies, so the form's message matches the one the server would give.
export { parseReportedValue, type ValueOptions, type ValueParse } from './value.js'
export { parsePeriodText, periodLabel, type PeriodParse } from './period.js'
export { parsePercentText, parseStageText, type PercentParse, type StageParse } from './task-cells.js'
