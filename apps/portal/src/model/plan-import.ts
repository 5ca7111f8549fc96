import type { PlanImportDraft, PlanImportKind, PlanProposal, PlanTextBlock } from '@cockpit/contracts'

/** The review's groups, in the order the page shows them. */
export const proposalGroups: { kind: PlanImportKind; label: string }[] = [
  { kind: 'plan', label: '规划信息' },
  { kind: 'target', label: '指标目标' },
  { kind: 'milestone', label: '里程碑' },
  { kind: 'task', label: '重点任务' },
  { kind: 'department', label: '部门' },
  { kind: 'pillar', label: '板块' },
]

export const isProposed = (p: PlanProposal) => p.state === 'new' || p.state === 'changed'

export const fieldLabels: Record<string, string> = {
  title: '名称',
  jurisdictionCode: '行政区划代码',
  docNumber: '文号',
  issuer: '印发单位',
  issuedOn: '印发日期',
  startYear: '起始年份',
  endYear: '截止年份',
  visionYear: '远景年份',
  name: '名称',
  indicator: '指标名称',
  unit: '单位',
  measure: '计量方式',
  direction: '方向',
  nature: '性质',
  cadence: '报送周期',
  year: '目标年份',
  comparator: '比较方式',
  value: '目标值',
  valueMax: '目标上限',
  baseline: '基期(年份 值)',
  lead: '牵头单位',
  cooperating: '配合单位',
  pillar: '所属板块',
  number: '编号',
  dueDate: '截止日期',
}

/** Fields edited through a choice, with their labels. */
export const fieldChoices: Record<string, Record<string, string>> = {
  measure: { percent: '百分比', count: '计数', quantity: '数量' },
  direction: { higher: '越高越好', lower: '越低越好' },
  nature: { binding: '约束性', expected: '预期性', unclassified: '未分类' },
  cadence: { monthly: '月', quarterly: '季', yearly: '年' },
  comparator: { gte: '不低于', lte: '不高于', eq: '等于', range: '区间' },
}

export const stateLabels: Record<PlanProposal['state'], string> = {
  new: '新增',
  changed: '有变化',
  committed: '已导入',
  'rejected-before': '此前已拒绝',
}
export const decisionLabels: Record<PlanProposal['decision'], string> = {
  pending: '待定',
  accepted: '已接受',
  rejected: '已拒绝',
}

type V = Record<string, unknown>
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v))
const names = (v: unknown) => (Array.isArray(v) ? v.join('、') : '')

/** One line that says what a proposal would commit. */
export function proposalSummary(p: PlanProposal): string {
  const v = p.value as V
  switch (p.kind) {
    case 'plan':
      return `${text(v.title)}${v.docNumber ? `(${text(v.docNumber)})` : ''},${text(v.startYear)}–${text(v.endYear)}年`
    case 'target': {
      const cmp = fieldChoices.comparator![text(v.comparator)] ?? text(v.comparator)
      const value = v.comparator === 'range' ? `${text(v.value)}–${text(v.valueMax)}` : text(v.value)
      return `${text(v.indicator)}:${text(v.year)}年${cmp} ${value}${text(v.unit)}`
    }
    case 'milestone':
      return `${text(v.dueDate)} 前:${text(v.title)}`
    case 'task':
      return `${v.number ? `${text(v.number)} ` : ''}${text(v.title)}`
    default:
      return text(v.name)
  }
}

/** The departments line of a task or target, or null. */
export function proposalDepartments(p: PlanProposal): string | null {
  const v = p.value as V
  const lead = names(v.lead)
  const coop = names(v.cooperating)
  if (!lead && !coop) return null
  return [lead && `牵头:${lead}`, coop && `配合:${coop}`].filter(Boolean).join(';')
}

/** How a field's value is typed into the edit form, and read back. */
export function fieldToText(key: string, v: unknown): string {
  if (key === 'lead' || key === 'cooperating') return names(v)
  if (key === 'baseline') return v && typeof v === 'object' ? `${text((v as V).year)} ${text((v as V).value)}` : ''
  return text(v)
}
const NUMBER_FIELDS = new Set(['startYear', 'endYear', 'visionYear', 'year', 'value', 'valueMax'])
const NULLABLE_FIELDS = new Set([
  'docNumber',
  'issuer',
  'issuedOn',
  'visionYear',
  'valueMax',
  'baseline',
  'pillar',
  'number',
  'dueDate',
  'jurisdictionCode',
])
export function textToField(key: string, s: string): unknown {
  const t = s.trim()
  if (key === 'lead' || key === 'cooperating') return t ? t.split(/[、,,;;\s]+/).filter(Boolean) : []
  if (t === '' && NULLABLE_FIELDS.has(key)) return null
  if (key === 'baseline') {
    const [year, value] = t.split(/[\s,,]+/)
    return { year: Number(year), value: Number(value) }
  }
  // A number that is not one goes to the server as typed, and comes back with its message.
  if (NUMBER_FIELDS.has(key)) return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t
  return t
}

/** The key of the block a source points into (a paragraph, or a table). */
export const blockOf = (p: Pick<PlanProposal, 'source'>) =>
  p.source.kind === 'paragraph' ? p.source.paragraph : p.source.table

/** A paragraph split around the highlighted span of the selected proposal (or whole). */
export function segments(
  block: Extract<PlanTextBlock, { kind: 'paragraph' }>,
  selected: PlanProposal | null,
): { text: string; mark: boolean }[] {
  const s = selected?.source
  if (s?.kind !== 'paragraph' || s.paragraph !== block.index || s.end <= s.start)
    return [{ text: block.text, mark: false }]
  return [
    { text: block.text.slice(0, s.start), mark: false },
    { text: block.text.slice(s.start, s.end), mark: true },
    { text: block.text.slice(s.end), mark: false },
  ].filter((x) => x.text)
}

/** Whether a table cell holds the selected proposal's quote. */
export const isMarkedCell = (table: number, row: number, cell: number, selected: PlanProposal | null) =>
  selected?.source.kind === 'cell' &&
  selected.source.table === table &&
  selected.source.row === row &&
  selected.source.cell === cell

export const proposedCount = (d: PlanImportDraft) => d.proposals.filter(isProposed).length
