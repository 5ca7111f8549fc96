import { ElMessage } from 'element-plus'
import { h } from 'vue'

/** A save's result as an ElMessage; the test id lets a browser test wait for it as it did for the inline notice. */
export const notice = (text: string, testId: string) =>
  ElMessage.success({ message: h('span', { 'data-testid': testId }, text), duration: 4000 })
