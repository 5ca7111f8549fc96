export { updateTaskSettings } from './admin-task.js'
export {
  approveTaskCompletion,
  claimTaskCompletion,
  listTaskCompletions,
  reopenTask,
  returnTaskCompletion,
} from './completions.js'
export { reportTaskProgress } from './report-progress.js'
export type { TaskWriteResult } from './task-write.js'
export { taskCounts, taskSummary } from './summary.js'
export { importTaskHistory } from './import-history.js'
export { getTask, listTasks, taskView } from './read.js'
