export { parseReportedValue, type ValueOptions, type ValueParse } from './value.js'
export { parsePeriodText, periodLabel, type PeriodParse } from './period.js'
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  readUpload,
  type HeaderSpec,
  type ReadUploadOptions,
  type ReadUploadResult,
  type UploadCell,
  type UploadRow,
  type UploadSheet,
} from './read-upload.js'
export { cellMessage } from './cell-message.js'
export { buildTemplate, templateHeaders, type TemplateIndicator, type TemplateInput } from './template.js'
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
export { inspectEvidence, type EvidenceCheck } from './evidence-check.js'
