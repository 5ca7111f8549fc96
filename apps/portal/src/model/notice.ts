import { ElMessage, ElMessageBox } from 'element-plus'
import { h } from 'vue'

/** A save's result as an ElMessage; the test id lets a browser test wait for it as it did for the inline notice. */
export const notice = (text: string, testId: string) =>
  ElMessage.success({ message: h('span', { 'data-testid': testId }, text), duration: 4000 })

/** Asks before an action that cannot be undone; resolves whether the user confirmed (`verb` labels the button). */
export const confirmAction = (message: string, title: string, verb: string): Promise<boolean> =>
  ElMessageBox.confirm(message, title, { type: 'warning', confirmButtonText: verb, cancelButtonText: '取消' }).then(
    () => true,
    () => false,
  )
