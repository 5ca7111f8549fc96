import {
  type PlanImportCommitResult,
  type PlanProposal,
  PlanProposalFields,
  type StatusChange,
} from '@cockpit/contracts'
import { definitionIssues } from '@cockpit/domain'
import { normaliseName } from '@cockpit/plan-import'
import { loadPlan, type SeedIndicator, type SeedPlanFile, type SeedTask } from '@cockpit/seeds'
import { sql } from 'kysely'
import { assertAdmin } from '../kernel/admin-guards.js'
import { audit } from '../kernel/audit.js'
import type { ServiceContext } from '../kernel/context.js'
import { invalid, notFound, ServiceError } from '../kernel/errors.js'
import { recomputeStatuses } from '../status/recompute.js'
import { hashOf } from './build-proposals.js'
import { proposalView } from './drafts.js'
import { findDepartment, jurisdictionDepartments, type StoredDepartment, storedPlan } from './stored-plan.js'

type Fields = PlanProposalFields
type Counts = PlanImportCommitResult['counts']
const isProposed = (p: PlanProposal) => p.state === 'new' || p.state === 'changed'
const same = (a: string, b: string) => normaliseName(a) === normaliseName(b)

/** Why each accepted proposal cannot be committed (by proposal id): the contract's fields, the plan's horizon and the indicator rules of the admin API. */
function validate(
  proposals: PlanProposal[],
  hasStoredPlan: boolean,
  stored: SeedPlanFile | null,
  jurisdictionExists: (code: string) => boolean,
): { errors: Map<string, string>; plan: Fields['plan'] | null } {
  const errors = new Map<string, string>()
  const fail = (id: string, message: string) => {
    if (!errors.has(id)) errors.set(id, message)
  }
  const accepted = proposals.filter((p) => isProposed(p) && p.decision === 'accepted')
  for (const p of accepted) {
    const parsed = PlanProposalFields[p.kind].safeParse(p.value)
    if (!parsed.success)
      fail(p.id, parsed.error.issues.map((i) => `${i.path.join('.') || '(整体)'}: ${i.message}`).join('; '))
  }
  const planProposal = proposals.find((p) => p.kind === 'plan')
  let plan: Fields['plan'] | null = null
  if (planProposal && accepted.includes(planProposal) && !errors.has(planProposal.id))
    plan = planProposal.value as Fields['plan']
  else if (stored) {
    const f = stored.plan
    plan = {
      title: f.title,
      jurisdictionCode: f.jurisdiction,
      docNumber: f.docNumber,
      issuer: f.issuer,
      issuedOn: f.issuedOn,
      startYear: f.startYear,
      endYear: f.endYear,
      visionYear: f.visionYear ?? null,
    }
  } else if (planProposal && !errors.has(planProposal.id))
    fail(planProposal.id, '这是一份新规划:请先接受(或修改后接受)“规划信息”')
  if (plan && planProposal && accepted.includes(planProposal)) {
    const id = planProposal.id
    if (!plan.jurisdictionCode) fail(id, 'jurisdictionCode: 未能确定规划所属行政区划,请填写6位行政区划代码')
    else if (!jurisdictionExists(plan.jurisdictionCode))
      fail(id, `jurisdictionCode: 行政区划 ${plan.jurisdictionCode} 不存在`)
    else if (stored && plan.jurisdictionCode !== stored.plan.jurisdiction)
      fail(id, `jurisdictionCode: 已有规划属于 ${stored.plan.jurisdiction},不能改为 ${plan.jurisdictionCode}`)
    if (!plan.issuer) fail(id, 'issuer: 请填写印发单位')
    if (!plan.issuedOn) fail(id, 'issuedOn: 请填写印发日期(YYYY-MM-DD)')
    if (plan.startYear > plan.endYear) fail(id, 'endYear: 起始年份不能晚于截止年份')
  }
  if (!hasStoredPlan && !plan && planProposal) fail(planProposal.id, '这是一份新规划:请先接受“规划信息”')
  if (!plan) return { errors, plan }

  // Indicators: the targets of one indicator together, judged as the admin API judges a definition.
  const groups = new Map<string, PlanProposal[]>()
  for (const p of accepted.filter((x) => x.kind === 'target' && !errors.has(x.id))) {
    const k = normaliseName((p.value as Fields['target']).indicator)
    groups.set(k, [...(groups.get(k) ?? []), p])
  }
  for (const group of groups.values()) {
    const first = group[0]!.value as Fields['target']
    const existing = stored?.indicators.find((i) => same(i.name, first.indicator))
    const unit = existing?.unit ?? first.unit
    const measure = existing?.measure ?? first.measure
    for (const p of group) {
      const t = p.value as Fields['target']
      if (!existing && t.unit !== unit) fail(p.id, `unit: 同一指标“${t.indicator}”的单位应一致(${unit} 与 ${t.unit})`)
      if (group.filter((x) => (x.value as Fields['target']).year === t.year).length > 1)
        fail(p.id, `year: 指标“${t.indicator}”在 ${t.year} 年有多个目标,只能接受一个`)
    }
    const baseline = existing
      ? existing.baseline
      : (group.map((p) => (p.value as Fields['target']).baseline).find((b) => b !== null) ?? null)
    const issues = definitionIssues({
      unit,
      measure,
      baseline: baseline ? { year: baseline.year, value: baseline.value } : null,
      targets: group.map((p, i) => {
        const t = p.value as Fields['target']
        return { at: `${i}.`, year: t.year, comparator: t.comparator, value: t.value, valueMax: t.valueMax }
      }),
      horizon: { startYear: plan.startYear, endYear: plan.endYear },
    })
    for (const issue of issues) {
      const m = /^(\d+)\.(.*)$/.exec(issue.path)
      const p = m ? group[Number(m[1])]! : group[0]!
      fail(p.id, `${m ? m[2] : issue.path}: ${issue.message}`)
    }
  }
  return { errors, plan }
}

/**
 * Commits a reviewed import: the accepted proposals (new or changed) are merged into the stored plan (or a new
 * one) as a seed file and loaded through the seed path (`loadPlan`: upsert by key, untouched rows stay as they
 * are), in one audited transaction. Refused proposals get their reason stored beside them and nothing is written.
 */
export async function commitPlanImport(
  ctx: ServiceContext,
  importId: number,
): Promise<{ result: Omit<PlanImportCommitResult, 'draft'>; changes: StatusChange[] }> {
  const { db, principal } = ctx
  assertAdmin(principal)
  const row = await db.selectFrom('plan_imports').selectAll().where('id', '=', importId).executeTakeFirst()
  if (!row) throw notFound(`规划导入 ${importId} `)
  if (row.status === 'committed') throw new ServiceError('conflict', '该规划导入已提交;如需更新请重新上传修订后的文件')
  const proposals = (
    await db
      .selectFrom('plan_import_proposals')
      .selectAll()
      .where('import_id', '=', importId)
      .orderBy('position')
      .execute()
  ).map(proposalView)
  const accepted = proposals.filter((p) => isProposed(p) && p.decision === 'accepted')
  if (accepted.length === 0) throw invalid('没有已接受的提议可提交:请先接受要导入的规划信息、指标、节点、任务或部门')
  const planRow =
    row.plan_id !== null
      ? await db.selectFrom('plans').selectAll().where('id', '=', row.plan_id).executeTakeFirst()
      : undefined
  const codes = new Set((await db.selectFrom('jurisdictions').select('code').execute()).map((j) => j.code))
  const before = planRow ? await storedPlan(db, planRow) : null
  const { errors, plan } = validate(proposals, Boolean(planRow), before?.file ?? null, (c) => codes.has(c))
  if (errors.size || !plan) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('plan_import_proposals').set({ error: null }).where('import_id', '=', importId).execute()
      for (const [id, message] of errors)
        await trx
          .updateTable('plan_import_proposals')
          .set({ error: message })
          .where('import_id', '=', importId)
          .where('id', '=', id)
          .execute()
    })
    const list = [...errors.values()].slice(0, 3).join(';')
    throw invalid(`有 ${errors.size} 条提议未通过校验,请按各条提议旁的提示修改后再提交:${list}`)
  }

  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('plan_imports')
      .select('status')
      .where('id', '=', importId)
      .forUpdate()
      .executeTakeFirstOrThrow()
    if (locked.status === 'committed')
      throw new ServiceError('conflict', '该规划导入已提交;如需更新请重新上传修订后的文件')
    const stored = planRow ? await storedPlan(trx, planRow) : null
    const code = stored?.file.plan.jurisdiction ?? plan.jurisdictionCode!
    const file = stored?.file ?? newPlanFile(plan, code, row.file_name)
    if (stored && accepted.some((p) => p.kind === 'plan')) Object.assign(file.plan, planFields(plan, code))
    const counts: Counts = { indicators: 0, targets: 0, milestones: 0, tasks: 0, departments: 0, pillars: 0 }
    const merge = merger(file, stored?.departments ?? (await jurisdictionDepartments(trx, code)), proposals, counts)
    for (const p of accepted) merge(p)

    await loadPlan(trx, file)
    const saved = await trx
      .selectFrom('plans')
      .select(['id', 'key'])
      .where('key', '=', file.plan.key)
      .executeTakeFirstOrThrow()
    const indicators = await trx
      .selectFrom('indicators')
      .select(['id', 'jurisdiction_code'])
      .where('plan_id', '=', saved.id)
      .execute()
    const changes = await recomputeStatuses(
      trx,
      indicators.map((i) => ({ indicatorId: i.id, jurisdictionCode: i.jurisdiction_code })),
      ctx.asOf,
      ctx.now,
    )
    await audit(
      trx,
      principal,
      {
        action: stored ? 'plan.import.update' : 'plan.import.create',
        entity: 'plan',
        entityId: saved.id,
        after: { importId, fileName: row.file_name, counts, accepted: accepted.map((p) => p.id) },
      },
      ctx.requestId,
    )
    await trx
      .updateTable('plan_imports')
      .set({ status: 'committed', plan_id: saved.id, committed_at: sql<Date>`now()` as unknown as Date })
      .where('id', '=', importId)
      .execute()
    await trx.updateTable('plan_import_proposals').set({ error: null }).where('import_id', '=', importId).execute()
    return { result: { planId: saved.id, planKey: saved.key, created: !stored, counts }, changes }
  })
}

const planFields = (plan: Fields['plan'], code: string) => ({
  jurisdiction: code,
  title: plan.title,
  docNumber: plan.docNumber,
  issuer: plan.issuer!,
  issuedOn: plan.issuedOn!,
  startYear: plan.startYear,
  endYear: plan.endYear,
  ...(plan.visionYear !== null ? { visionYear: plan.visionYear } : {}),
})

function newPlanFile(plan: Fields['plan'], code: string, fileName: string): SeedPlanFile {
  return {
    plan: {
      key: `import-${code}-${hashOf(normaliseName(plan.title), 8)}`,
      ...planFields(plan, code),
      sourceFile: fileName,
      citation: { section: '标题', quote: plan.title },
    },
    departments: [],
    pillars: [],
    indicators: [],
    tasks: [],
  }
}

/** Merges one accepted proposal at a time into the plan file, reusing the keys of what is stored (matched by name). */
function merger(file: SeedPlanFile, departments: StoredDepartment[], proposals: PlanProposal[], counts: Counts) {
  const rejected = new Set(
    proposals
      .filter((p) => p.kind === 'department' && p.decision === 'rejected')
      .map((p) => normaliseName((p.value as Fields['department']).name)),
  )
  const section = (pillar: string | null) => pillar ?? file.plan.title
  const quoteOf = (p: PlanProposal, fallback: string) => (p.quote.trim().length >= 2 ? p.quote.trim() : fallback)
  const uniqueKey = (prefix: string, identity: string, taken: { key: string }[]) => {
    let key = `${prefix}-${hashOf(identity, 8)}`
    for (let n = 2; taken.some((x) => x.key === key); n++) key = `${prefix}-${hashOf(identity, 8)}-${n}`
    return key
  }
  const deptKey = (name: string): string => {
    const inFile = file.departments.find(
      (d) => same(d.name, name) || (d.fullName !== undefined && same(d.fullName, name)),
    )
    if (inFile) return inFile.key
    const stored = findDepartment(departments, name)
    if (stored) {
      file.departments.push({
        key: stored.key,
        name: stored.name,
        ...(stored.fullName ? { fullName: stored.fullName } : {}),
      })
      return stored.key
    }
    const key = uniqueKey('d', normaliseName(name), [...file.departments, ...departments])
    file.departments.push({ key, name })
    counts.departments++
    return key
  }
  const links = (lead: string[], cooperating: string[]) => ({
    lead: [...new Set(lead.filter((n) => !rejected.has(normaliseName(n))).map(deptKey))],
    cooperating: [...new Set(cooperating.filter((n) => !rejected.has(normaliseName(n))).map(deptKey))],
  })
  const pillarKey = (name: string | null, quote?: string): string | undefined => {
    if (!name) return undefined
    const found = file.pillars.find((x) => same(x.name, name))
    if (found) return found.key
    const key = uniqueKey('p', normaliseName(name), file.pillars)
    file.pillars.push({
      key,
      name,
      citation: { section: file.plan.title, quote: quote && quote.length >= 2 ? quote : name },
    })
    counts.pillars++
    return key
  }
  return (p: PlanProposal) => {
    switch (p.kind) {
      case 'plan':
        return
      case 'department': {
        const d = p.value as Fields['department']
        if (!rejected.has(normaliseName(d.name))) deptKey(d.name)
        return
      }
      case 'pillar':
        pillarKey((p.value as Fields['pillar']).name, p.quote)
        return
      case 'target': {
        const t = p.value as Fields['target']
        const target = {
          year: t.year,
          comparator: t.comparator,
          value: t.value,
          ...(t.valueMax !== null ? { valueMax: t.valueMax } : {}),
          citation: { section: section(t.pillar), quote: quoteOf(p, t.indicator) },
        }
        let ind: SeedIndicator | undefined = file.indicators.find((i) => same(i.name, t.indicator))
        if (!ind) {
          ind = {
            key: uniqueKey('i', normaliseName(t.indicator), file.indicators),
            name: t.indicator,
            unit: t.unit,
            measure: t.measure,
            direction: t.direction,
            nature: t.nature,
            cadence: t.cadence,
            baseline: t.baseline,
            targets: [],
            departments: { lead: [], cooperating: [] },
            citation: { section: section(t.pillar), quote: quoteOf(p, t.indicator) },
          }
          const pillar = pillarKey(t.pillar)
          if (pillar) ind.pillar = pillar
          file.indicators.push(ind)
          counts.indicators++
        }
        ind.targets = [...ind.targets.filter((x) => x.year !== t.year), target].sort((a, b) => a.year - b.year)
        const l = links(t.lead, t.cooperating)
        ind.departments = {
          lead: [...new Set([...ind.departments.lead, ...l.lead])],
          cooperating: [...new Set([...ind.departments.cooperating, ...l.cooperating])].filter(
            (k) => !l.lead.includes(k),
          ),
        }
        counts.targets++
        return
      }
      case 'milestone':
      case 'task': {
        const v = p.value as Fields['task'] & Fields['milestone']
        const kind = p.kind
        const found: SeedTask | undefined = file.tasks.find((x) => x.kind === kind && same(x.title, v.title))
        const l = kind === 'task' ? links(v.lead, v.cooperating) : { lead: [], cooperating: [] }
        const pillar = pillarKey(v.pillar)
        if (found) {
          if (v.dueDate) found.dueDate = v.dueDate
          if (kind === 'task' && v.number) found.number = v.number
          if (l.lead.length || l.cooperating.length) found.departments = l
          if (pillar) found.pillar = pillar
        } else {
          const task: SeedTask = {
            key: uniqueKey(
              kind === 'task' ? 't' : 'm',
              `${v.number ?? ''}|${normaliseName(v.title)}|${v.dueDate ?? ''}`,
              file.tasks,
            ),
            kind,
            title: v.title,
            dueDate: v.dueDate ?? null,
            departments: l,
            citation: { section: section(v.pillar), quote: quoteOf(p, v.title) },
          }
          if (kind === 'task' && v.number) task.number = v.number
          if (pillar) task.pillar = pillar
          file.tasks.push(task)
        }
        if (kind === 'task') counts.tasks++
        else counts.milestones++
        return
      }
    }
  }
}
