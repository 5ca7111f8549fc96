import { z } from 'zod'
import { TaskKind } from '../domain-enums.js'

// What a reporting period, reminder or alert is about: an indicator, or a task/milestone (重点任务督办).

export const reportingSubjects = ['indicator', 'task'] as const
export const ReportingSubject = z.enum(reportingSubjects, {
  message: '对象应为 indicator(指标)或 task(重点任务及里程碑)',
})
export type ReportingSubject = z.infer<typeof ReportingSubject>
export const reportingSubjectLabels: Record<ReportingSubject, string> = { indicator: '指标', task: '重点任务' }

/** A task or milestone named where an indicator would be: enough to show it and link to it. */
export const TaskRef = z.object({
  id: z.number().int(),
  kind: TaskKind,
  /** The plan's own numbering ("(三)" or "12"), when it has one. */
  number: z.string().nullable(),
  title: z.string(),
  planKey: z.string(),
  planTitle: z.string(),
})
export type TaskRef = z.infer<typeof TaskRef>

const kindLabels: Record<TaskRef['kind'], string> = { task: '任务', milestone: '里程碑' }

/** How a task is named in lists, messages and alert summaries: 里程碑「12 建成…」. */
export const taskDisplayName = (t: Pick<TaskRef, 'kind' | 'number' | 'title'>): string =>
  `${kindLabels[t.kind]}「${t.number ? `${t.number} ` : ''}${t.title}」`
