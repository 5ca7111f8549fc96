import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultSourceDir, readSeedFiles } from './read-seed-files.js'

const data = readSeedFiles({ sourceDir: null })
const plan = (key: string) => {
  const p = data.plans.find((x) => x.data.plan.key === key)
  if (!p) throw new Error(`plan ${key} missing`)
  return p.data
}
const indicator = (planKey: string, key: string) => {
  const i = plan(planKey).indicators.find((x) => x.key === key)
  if (!i) throw new Error(`indicator ${planKey}.${key} missing`)
  return i
}

describe('seed files', () => {
  it('cover the five plans, one per jurisdiction, each with indicators and tasks that have owners', () => {
    expect(data.plans.map((p) => p.data.plan.jurisdiction).sort()).toEqual([
      '320000',
      '321000',
      '330800',
      '360100',
      '511724',
    ])
    for (const { data: p } of data.plans) {
      expect(p.indicators.length, p.plan.key).toBeGreaterThan(5)
      expect(p.tasks.filter((t) => t.kind === 'task').length, p.plan.key).toBeGreaterThanOrEqual(20)
      for (const i of p.indicators)
        expect(i.departments.lead.length, `${p.plan.key}.${i.key} has a lead department`).toBeGreaterThan(0)
    }
  })

  it("hold 南昌's table with baselines, 2025 targets and 约束性/预期性, and no baseline for 电子文件归档率", () => {
    const nc = plan('nanchang-2023')
    const fromTable = nc.indicators.filter((i) => i.nature !== 'unclassified')
    expect(fromTable).toHaveLength(18)
    expect(fromTable.filter((i) => i.nature === 'binding')).toHaveLength(8)
    expect(indicator('nanchang-2023', 'fsm-zwxt-sly')).toMatchObject({
      baseline: { year: 2022, value: 30 },
      targets: [{ year: 2025, comparator: 'gte', value: 80 }],
      nature: 'expected',
    })
    expect(indicator('nanchang-2023', 'dzwj-gdl').baseline).toBeNull()
  })

  it('read prose targets in their several forms: ranges, "为0" as at most zero, 全覆盖 as 100%', () => {
    const range = indicator('yangzhou-2023', 'xjmh-cxsf-sl').targets[0]
    expect(range).toMatchObject({ comparator: 'range', value: 1, valueMax: 2 })
    expect(indicator('dazhu-2022', 'bl-zmsx-count')).toMatchObject({
      direction: 'lower',
      targets: [{ comparator: 'lte', value: 0, year: 2023 }],
    })
    expect(indicator('nanchang-2023', 'jgnb-zdpyc-sxs').targets[0]).toMatchObject({
      comparator: 'gte',
      value: 25,
      year: 2023,
    })
    expect(indicator('jiangsu-14th', 'ggsj-axgxl').targets[0]).toMatchObject({
      comparator: 'gte',
      value: 99,
      year: 2025,
    })
  })

  it('name everything in Simplified Chinese, also for the converted 江苏 text', () => {
    const traditionalOrSwapped =
      /[數據價網雲務開發區縣鄉辦證應實現與為體這個們時會國]|套用|數位化|智慧型|網際網路|最佳化|資料庫|格線|回響/
    for (const { data: p } of data.plans) {
      const names = [
        p.plan.title,
        ...p.departments.map((d) => d.name),
        ...p.pillars.map((x) => x.name),
        ...p.indicators.map((i) => i.name),
        ...p.tasks.map((t) => t.title),
      ]
      for (const n of names) expect(n, `${p.plan.key}: ${n}`).not.toMatch(traditionalOrSwapped)
    }
  })

  it.runIf(existsSync(defaultSourceDir))('cite phrases that stand verbatim in the source documents', () => {
    expect(() => readSeedFiles({ sourceDir: defaultSourceDir })).not.toThrow()
  })
})
