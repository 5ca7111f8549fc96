import { findDates } from './dates.js'
import { splitDepartments } from './departments.js'
import type { SourceRef } from './document.js'
import type { TaskProposal } from './tasks.js'

type TaskColumn = 'serial' | 'task' | 'lead' | 'responsible' | 'cooperating' | 'due' | 'other'

/** What a header cell of a task-assignment table (重点任务分工表) holds. */
export function classifyTaskHeader(cell: string): TaskColumn {
  const c = cell.replace(/\s+/g, '')
  if (/^(序号|编号)$/.test(c)) return 'serial'
  if (/牵头/.test(c)) return 'lead'
  if (/配合|协办|参与|协同/.test(c)) return 'cooperating'
  if (/责任(单位|部门)|主责|承办/.test(c)) return 'responsible'
  if (/时限|时间|进度|完成期限|节点/.test(c)) return 'due'
  if (/任务|工作内容|事项|举措|具体措施|工作措施/.test(c)) return 'task'
  return 'other'
}

export const isTaskHeader = (row: string[]): boolean => {
  const kinds = row.map(classifyTaskHeader)
  return kinds.includes('task') && (kinds.includes('lead') || kinds.includes('responsible'))
}

/**
 * Tasks from a task-assignment table: one row per task with its 牵头/责任/配合单位 and 完成时限 columns, in any
 * order. A 责任单位 column gives the first department as lead (as in the prose). The deadline, when the cell
 * states one ("2023年底前"), becomes the task's due date.
 */
export function tableTasks(
  rows: string[][],
  cite: (row: number, cell: number, text: string) => SourceRef,
  endYear: number,
): TaskProposal[] {
  const headerAt = rows.findIndex(isTaskHeader)
  if (headerAt < 0) return []
  const kinds = rows[headerAt]!.map(classifyTaskHeader)
  const col = (k: TaskColumn) => kinds.indexOf(k)
  const out: TaskProposal[] = []
  let serial = 0
  for (let r = headerAt + 1; r < rows.length; r++) {
    const row = rows[r]!
    // Rows that lost merged cells line up from the right (the task text and departments are always last).
    const shift = kinds.length - row.length
    const cell = (k: TaskColumn) => {
      const i = col(k)
      return i < 0 ? undefined : row[i - shift]?.trim()
    }
    const taskIndex = col('task') - shift
    const text = row[taskIndex]?.trim()
    if (!text) continue
    serial++
    const stop = text.search(/[。;;]/)
    let title = stop > 0 ? text.slice(0, stop) : text
    if (title.length > 40) title = title.split(/[,,]/)[0]!
    const lead: string[] = []
    const cooperating: string[] = []
    const leadCell = cell('lead')
    if (leadCell) lead.push(...splitDepartments(leadCell))
    const responsible = cell('responsible')
    if (responsible) {
      const names = splitDepartments(responsible)
      if (!lead.length && names[0]) lead.push(names[0])
      cooperating.push(...names.slice(lead.length ? (leadCell ? 0 : 1) : 0))
    }
    const coop = cell('cooperating')
    if (coop) cooperating.push(...splitDepartments(coop))
    const due = cell('due')
    const date = due ? findDates(due, endYear).find((d) => d.deadline) : undefined
    const number = cell('serial') || String(serial)
    out.push({
      number,
      title,
      lead,
      cooperating,
      quote: text.slice(0, title.length),
      source: cite(r, taskIndex, title),
      paragraphs: [],
      ...(date ? { dueDate: date.dueDate } : {}),
    })
  }
  return out
}
