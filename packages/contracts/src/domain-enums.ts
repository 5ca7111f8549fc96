import { z } from 'zod'

/** GB/T 2260 administrative level. */
export const jurisdictionLevels = ['province', 'city', 'county'] as const
export const JurisdictionLevel = z.enum(jurisdictionLevels)
export type JurisdictionLevel = z.infer<typeof JurisdictionLevel>

/** Whether a larger value is better (上云率) or a smaller one (保留证明事项数). */
export const directions = ['higher', 'lower'] as const
export const Direction = z.enum(directions)
export type Direction = z.infer<typeof Direction>

/**
 * 约束性 (binding: must be met) or 预期性 (expected: strive for). Most plans do not
 * classify their targets; those are 'unclassified' rather than guessed.
 */
export const indicatorNatures = ['binding', 'expected', 'unclassified'] as const
export const IndicatorNature = z.enum(indicatorNatures)
export type IndicatorNature = z.infer<typeof IndicatorNature>

/**
 * How a value is measured, which decides range checks: a percent lies in 0–100,
 * a count is a non-negative integer, a quantity is a non-negative real (万核, PB, 小时).
 */
export const measures = ['percent', 'count', 'quantity'] as const
export const Measure = z.enum(measures)
export type Measure = z.infer<typeof Measure>

/** gte: 达到/以上/不低于/不少于; lte: 不超过/以内/为0; eq: exactly; range: "1-2个". */
export const comparators = ['gte', 'lte', 'eq', 'range'] as const
export const Comparator = z.enum(comparators)
export type Comparator = z.infer<typeof Comparator>

/** Reporting cadence: 月跟踪、季通报、年考核. */
export const cadences = ['monthly', 'quarterly', 'yearly'] as const
export const Cadence = z.enum(cadences)
export type Cadence = z.infer<typeof Cadence>

export const departmentRoles = ['lead', 'cooperating'] as const
export const DepartmentRole = z.enum(departmentRoles)
export type DepartmentRole = z.infer<typeof DepartmentRole>

/** A numbered task of a plan, or a dated milestone (often under a task). */
export const taskKinds = ['task', 'milestone'] as const
export const TaskKind = z.enum(taskKinds)
export type TaskKind = z.infer<typeof TaskKind>

/**
 * Where a task or milestone stands at a date, derived from its effective due date, its verified
 * completion (销号) and its progress reports; never typed in (`taskDueState` in @cockpit/domain).
 */
export const taskDueStates = ['not-due', 'due-soon', 'overdue', 'done', 'done-late', 'stalled', 'suspended'] as const
export const TaskDueState = z.enum(taskDueStates, {
  message: '到期状态应为 not-due、due-soon、overdue、done、done-late、stalled 或 suspended',
})
export type TaskDueState = z.infer<typeof TaskDueState>

/** The stage a department reports for a task (滞后 and 暂缓 need a reason). */
export const taskStages = ['not-started', 'in-progress', 'completed', 'delayed', 'suspended'] as const
export const TaskStage = z.enum(taskStages, {
  message: '进展阶段应为 not-started、in-progress、completed、delayed 或 suspended',
})
export type TaskStage = z.infer<typeof TaskStage>
/** Stages that must say why. */
export const taskStagesNeedingReason: readonly TaskStage[] = ['delayed', 'suspended']

/** Derived indicator status; never typed in. */
export const indicatorStatuses = ['achieved', 'on-track', 'at-risk', 'off-track', 'no-data'] as const
export const IndicatorStatus = z.enum(indicatorStatuses)
export type IndicatorStatus = z.infer<typeof IndicatorStatus>

export const statusLabels: Record<IndicatorStatus, string> = {
  achieved: '已达标',
  'on-track': '进度正常',
  'at-risk': '存在风险',
  'off-track': '进度滞后',
  'no-data': '暂无数据',
}

export const taskDueStateLabels: Record<TaskDueState, string> = {
  'not-due': '未到期',
  'due-soon': '临期',
  overdue: '逾期未完成',
  done: '按期完成',
  'done-late': '逾期完成',
  stalled: '无进展',
  suspended: '暂缓',
}

export const taskStageLabels: Record<TaskStage, string> = {
  'not-started': '未启动',
  'in-progress': '推进中',
  completed: '已完成',
  delayed: '滞后',
  suspended: '暂缓',
}

export const natureLabels: Record<IndicatorNature, string> = {
  binding: '约束性',
  expected: '预期性',
  unclassified: '未分类',
}

/**
 * How a parent jurisdiction's value is derived from its direct children's (汇总规则): 求和, 平均, 加权平均
 * (weights: another indicator's value per child), 最小, 最大, 达标占比 (% of children meeting the target).
 */
export const rollupRules = ['sum', 'mean', 'weighted-mean', 'min', 'max', 'share-meeting'] as const
export const RollupRule = z.enum(rollupRules, {
  message: '汇总规则应为 sum、mean、weighted-mean、min、max 或 share-meeting',
})
export type RollupRule = z.infer<typeof RollupRule>

export const rollupRuleLabels: Record<RollupRule, string> = {
  sum: '求和',
  mean: '平均',
  'weighted-mean': '加权平均',
  min: '最小值',
  max: '最大值',
  'share-meeting': '达标占比',
}

/** Whose value a rolled-up parent shows: 'derived' (only the children's aggregate; direct reports refused) or 'reported' (its own report wins). */
export const rollupOwnValues = ['derived', 'reported'] as const
export const RollupOwnValue = z.enum(rollupOwnValues, { message: '本级数值应为 derived 或 reported' })
export type RollupOwnValue = z.infer<typeof RollupOwnValue>
