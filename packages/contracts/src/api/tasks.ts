import { z } from 'zod'
import { TaskDueState, TaskKind } from '../domain-enums.js'
import { Citation, DepartmentRef, IsoDate, JurisdictionCode } from './common.js'

export const Task = z.object({
  id: z.number().int(),
  key: z.string(),
  planKey: z.string(),
  jurisdictionCode: z.string(),
  kind: TaskKind,
  number: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  pillar: z.object({ key: z.string(), name: z.string() }).nullable(),
  parentId: z.number().int().nullable(),
  indicatorId: z.number().int().nullable(),
  dueDate: z.string().nullable(),
  completedOn: z.string().nullable(),
  dueState: TaskDueState,
  dueStateLabel: z.string(),
  departments: z.array(DepartmentRef),
  citation: Citation,
})
export type Task = z.infer<typeof Task>
export const TaskDetail = Task.extend({ children: z.array(Task) })
export type TaskDetail = z.infer<typeof TaskDetail>
export const TaskList = z.object({ items: z.array(Task), total: z.number().int() })
export const TaskQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  plan: z.string().regex(/^[a-z0-9-]+$/, '规划标识应为小写字母、数字或连字符').optional(),
  kind: TaskKind.optional(),
  department: z.coerce.number({ message: '部门编号应为正整数' }).int().positive().optional(),
  dueState: TaskDueState.optional(),
  dueBefore: IsoDate.optional(),
  asOf: IsoDate.optional(),
})
export type TaskQuery = z.infer<typeof TaskQuery>
