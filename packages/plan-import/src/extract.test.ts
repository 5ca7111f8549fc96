import { describe, expect, it } from 'vitest'
import { blocksFromLines, type PlanDocument } from './document.js'
import { extractPlan } from './extract.js'

const tree = [
  { code: '511700', name: '达州市', level: 'city' as const, parentCode: '510000' },
  { code: '511724', name: '大竹县', level: 'county' as const, parentCode: '511700' },
]

/** A small plan in the 大竹 shape: notice head, goals by year, numbered tasks. */
const text = [
  '大竹县人民政府办公室关于印发大竹县数字政府建设三年行动方案(2022—2024年)的通知',
  '竹府办〔2022〕45号',
  '大竹县人民政府办公室',
  '2022年8月23日',
  '一、总体要求',
  '(一)工作目标',
  '2023年底前,政务服务信息孤岛全打通,保留证明事项为“0”。',
  '2024年底前,政务服务事项网上可办率达到98%以上,数字技术与政府履职全面深度融合。',
  '二、重点任务',
  '(一)完善信息基础设施',
  '1.扩容完善政务云基础设施。建设政务云平台,到2024年,非涉密系统上云率达到95%。(牵头单位:县大数据中心;配合单位:县级各部门)',
].join('\n')
const doc = (t: string): PlanDocument => ({
  format: 'txt',
  blocks: blocksFromLines(t),
  convertedFromTraditional: false,
})

describe('extractPlan', () => {
  const plan = extractPlan(doc(text), { jurisdictions: tree })

  it('reads the metadata and the jurisdiction', () => {
    expect(plan.jurisdiction).toMatchObject({ code: '511724', level: 'county' })
    expect(plan.plan).toMatchObject({
      docNumber: '竹府办〔2022〕45号',
      issuedOn: '2022-08-23',
      horizon: { startYear: 2022, endYear: 2024 },
    })
  })

  it('dates targets by the deadline that opens their paragraph', () => {
    expect(plan.targets.map((t) => [t.indicator, t.year, t.comparator, t.value])).toEqual([
      ['政务服务信息孤岛打通率', 2023, 'gte', 100],
      ['保留证明事项数', 2023, 'lte', 0],
      ['政务服务事项网上可办率', 2024, 'gte', 98],
      ['非涉密系统上云率', 2024, 'gte', 95],
    ])
  })

  it('quotes every proposal exactly where its source points', () => {
    const text = new Map(plan.blocks.map((b) => [b.index, b.kind === 'paragraph' ? b.text : '']))
    for (const p of [...plan.targets, ...plan.milestones, ...plan.tasks]) {
      if (p.source.kind !== 'paragraph') continue
      expect(text.get(p.source.paragraph)!.slice(p.source.start, p.source.end)).toBe(p.quote)
    }
  })

  it('proposes the dated milestones and the task with its departments and pillar', () => {
    expect(plan.milestones.map((m) => [m.dueDate, m.title])).toContainEqual([
      '2024-12-31',
      '数字技术与政府履职全面深度融合',
    ])
    expect(plan.tasks).toEqual([
      expect.objectContaining({
        number: '1',
        title: '扩容完善政务云基础设施',
        lead: ['县大数据中心'],
        cooperating: ['县级各部门'],
        pillar: '完善信息基础设施',
      }),
    ])
    expect(plan.pillars).toEqual([
      {
        name: '完善信息基础设施',
        quote: '完善信息基础设施',
        source: { kind: 'paragraph', paragraph: 9, start: 3, end: 11 },
      },
    ])
  })

  it('converts a Traditional document and says so', () => {
    const traditional = extractPlan(doc('數位政府建設規劃\n到2025年,政務套用入駐總入口率達到90%。'), {
      jurisdictions: [],
    })
    expect(traditional.convertedFromTraditional).toBe(true)
    expect(traditional.targets[0]).toMatchObject({ indicator: '政务应用入驻总入口率', value: 90 })
  })

  it('completes text tasks from an assignment table and adds the rows it does not know', () => {
    const blocks = blocksFromLines(
      [
        '某市数字政府建设2024年工作要点',
        '一、夯实基础',
        '1.建成政务数据驾驶舱。对运行数据进行全面分析,政务云使用率达到90%。',
      ].join('\n'),
    )
    blocks.push({
      kind: 'table',
      index: blocks.length,
      rows: [
        ['序号', '重点任务', '牵头单位', '配合单位', '完成时限'],
        ['1', '建成政务数据驾驶舱', '市政务办', '市大数据局', '2024年6月底前'],
        ['2', '开展首席数据官培训', '市委组织部', '', '2024年底前'],
      ],
    })
    const plan = extractPlan({ format: 'docx', blocks, convertedFromTraditional: false }, { jurisdictions: [] })
    expect(plan.tasks).toEqual([
      expect.objectContaining({
        number: '1',
        title: '建成政务数据驾驶舱',
        lead: ['市政务办'],
        cooperating: ['市大数据局'],
        dueDate: '2024-06-30',
      }),
      expect.objectContaining({
        number: '2',
        title: '开展首席数据官培训',
        lead: ['市委组织部'],
        source: expect.objectContaining({ kind: 'cell', row: 2, cell: 1 }),
      }),
    ])
  })

  it('lets a deadline paragraph date only its own section, and skips the review of the past', () => {
    const plan = extractPlan(
      doc(
        [
          '某市数字政府建设规划(2023—2025年)',
          '一、发展基础',
          '全市政务服务事项网上可办率达到95%。',
          '二、发展目标',
          '2023年6月底前,完成市级政务云平台扩容,市级部门系统上云率达到80%。',
          '三、主要任务',
          '1.深化“一网通办”。高频事项网上可办率达到99%。',
        ].join('\n'),
      ),
      { jurisdictions: [] },
    )
    expect(plan.targets.map((t) => [t.indicator, t.value, t.year])).toEqual([
      ['市级部门系统上云率', 80, 2023],
      ['高频事项网上可办率', 99, 2025],
    ])
    expect(plan.tasks.map((t) => t.title)).toEqual(['深化“一网通办”'])
  })
})
