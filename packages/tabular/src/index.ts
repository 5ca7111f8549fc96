export { parseReportedValue, type ValueOptions, type ValueParse } from './value.js'
export { parsePeriodText, periodLabel, type PeriodParse } from './period.js'
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  readUpload,
  type HeaderSpec,
  type NamedSheetRead,
  type ReadUploadOptions,
  type ReadUploadResult,
  type UploadCell,
  type UploadRow,
  type UploadSheet,
} from './read-upload.js'
export { cellMessage } from './cell-message.js'
export { buildTemplate, templateHeaders, type TemplateIndicator, type TemplateInput } from './template.js'
export { TASK_SHEET_NAME, taskSheetHeaders, type TemplateTask } from './task-sheet.js'
export { parsePercentText, parseStageText, type PercentParse, type StageParse } from './task-cells.js'
export { safeCellText } from './safe-cell-text.js'
export { toHalfWidth } from './full-width.js'
export {
  BULLETIN_SHEETS,
  buildBulletin,
  STATUS_FILLS,
  unitFormat,
  type BulletinDepartmentRow,
  type BulletinIndicatorRow,
  type BulletinInput,
  type BulletinOverdueRow,
  type BulletinSummaryRow,
} from './bulletin.js'
export {
  TASK_BULLETIN_SHEET,
  type BulletinTaskCounts,
  type BulletinTaskDepartmentRow,
  type BulletinTaskOverdueRow,
  type BulletinTaskPillarRow,
  type BulletinTasks,
} from './bulletin-tasks.js'
export { RANKING_BULLETIN_SHEET, type BulletinRanking, type BulletinRankingRow } from './bulletin-rankings.js'
export { inspectEvidence, type EvidenceCheck } from './evidence-check.js'
export {
  createParsePool,
  defaultParseThreads,
  type ParsePool,
  type ParsePoolOptions,
  type UploadReader,
} from './parse-pool.js'
