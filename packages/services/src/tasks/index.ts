export { updateTaskSettings } from './admin-task.js'
export {
  approveTaskCompletion,
  claimTaskCompletion,
  listTaskCompletions,
  reopenTask,
  returnTaskCompletion,
} from './completions.js'
export { reportTaskProgress, type TaskWriteContext, type TaskWriteResult } from './report-progress.js'
export { taskCounts, taskSummary } from './summary.js'
export { importTaskHistory } from './import-history.js'
export { getTask, listTasks, taskView } from './read.js'
