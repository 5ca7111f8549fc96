import type { Task, TaskChange } from '@cockpit/contracts'

/** The live change for a task after a committed write; walls and portals refetch what they show. */
export const taskChange = (
  task: Task,
  action: TaskChange['action'],
  departmentId: number | null,
  now: Date,
): TaskChange => ({
  type: 'task',
  taskId: task.id,
  kind: task.kind,
  jurisdictionCode: task.jurisdictionCode,
  parentId: task.parentId,
  action,
  departmentId,
  dueState: task.dueState,
  stage: task.latestProgress?.stage ?? null,
  completedOn: task.completedOn,
  at: now.toISOString(),
})
