import type {
  Alert,
  IndicatorRanking,
  DepartmentReportingRate,
  Indicator,
  JurisdictionNode,
  ObservationPeriod,
  OverdueReport,
  TaskBrief,
  TaskDetail,
  TaskSummary,
} from '@cockpit/contracts'

// The screen reads the API's own shapes; aliases keep the pages' imports short and in one place.
export type ScreenIndicator = Indicator
export type ScreenJurisdiction = JurisdictionNode
export type ScreenTaskSummary = TaskSummary
export type ScreenTaskBrief = TaskBrief
export type ScreenTaskDetail = TaskDetail
export type ScreenAlert = Alert
export type ScreenRate = DepartmentReportingRate
export type ScreenOverdue = OverdueReport
export type ScreenObservations = ObservationPeriod[]
export type ScreenRanking = IndicatorRanking
