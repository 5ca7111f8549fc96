import { indicatorStatuses, statusLabels } from '@cockpit/contracts'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { buildBulletin, type BulletinInput } from './bulletin.js'
import type { BulletinTasks } from './bulletin-tasks.js'

const base: BulletinInput = {
  title: '数字政府建设指标月度通报',
  jurisdictionName: '扬州市',
  jurisdictionCode: '321000',
  monthLabel: '2024年08月',
  asOf: '2024-08-31',
  generatedAt: '2024-09-01T02:00:00.000Z',
  summary: [
    {
      jurisdictionName: '扬州市',
      total: 0,
      byStatus: Object.fromEntries(indicatorStatuses.map((s) => [s, 0])) as never,
      binding: 0,
      bindingOnTrack: 0,
    },
  ],
  indicators: [],
  overdue: [],
  departments: [],
}
const tasks: BulletinTasks = {
  overall: { total: 5, completed: 2, onTime: 1, overdue: 2, onTimeRate: 0.25 },
  byPillar: [
    {
      jurisdictionName: '扬州市',
      planTitle: '扬州市数字政府建设实施方案',
      pillarName: '数字底座',
      total: 3,
      completed: 2,
      onTime: 1,
      overdue: 1,
      onTimeRate: 1 / 3,
    },
    {
      jurisdictionName: '扬州市',
      planTitle: '扬州市数字政府建设实施方案',
      pillarName: '=数据赋能',
      total: 2,
      completed: 0,
      onTime: 0,
      overdue: 1,
      onTimeRate: 0,
    },
  ],
  byDepartment: [
    {
      jurisdictionName: '扬州市',
      departmentName: '市数据局',
      total: 5,
      completed: 2,
      onTime: 1,
      overdue: 2,
      onTimeRate: 0.25,
    },
  ],
  overdue: [
    {
      jurisdictionName: '扬州市',
      leadDepartment: '市数据局',
      title: '建成市级数据中台',
      number: '(二)3',
      kindLabel: '节点',
      dueDate: '2023-12-31',
      daysOverdue: 244,
      latestStage: '滞后',
      planTitle: '扬州市数字政府建设实施方案',
    },
  ],
}

const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const out: string[][] = []
  sheet.eachRow((row) =>
    out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))),
  )
  return out
}

describe('the bulletin’s 重点任务 sheet', () => {
  it('follows the four indicator sheets, with completion by pillar (and a total), by lead department, then the overdue items', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await buildBulletin({ ...base, tasks }, statusLabels)) as unknown as ExcelJS.Buffer)
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概览', '指标明细', '逾期报送', '部门报送', '重点任务'])
    const sheet = wb.getWorksheet('重点任务')!
    const rows = rowsOf(sheet)
    expect(rows[0]![0]).toBe('数字政府建设指标月度通报(扬州市 2024年08月)重点任务督办情况')
    expect(rows[2]![0]).toBe('一、按板块')
    expect(rows[3]).toEqual([
      '行政区划',
      '规划',
      '板块',
      '任务和节点数',
      '已完成(已销号)',
      '其中按期完成',
      '逾期未完成',
      '按期完成率',
    ])
    expect(rows[4]).toEqual(['扬州市', '扬州市数字政府建设实施方案', '数字底座', '3', '2', '1', '1', String(1 / 3)])
    // Text from the plans stays inert.
    expect(rows[5]![2]).toBe("'=数据赋能")
    expect(rows[6]!.slice(0, 7)).toEqual(['合计', '', '', '5', '2', '1', '2'])
    expect(sheet.getRow(7).getCell(1).font?.bold).toBe(true)
    expect(sheet.getRow(5).getCell(8).numFmt).toBe('0.0%')
    const byDept = rows.findIndex((r) => r[0]?.startsWith('二、按牵头单位'))
    expect(rows[byDept + 2]!.slice(0, 2)).toEqual(['扬州市', '市数据局'])
    const overdue = rows.findIndex((r) => r[0] === '三、逾期未完成(1项,按逾期天数排列)')
    // eachRow skips the blank row between tables: the sheet's own row number of this title.
    let titleRow = 0
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === '三、逾期未完成(1项,按逾期天数排列)') titleRow = n
    })
    expect(rows[overdue + 1]).toEqual([
      '行政区划',
      '牵头单位',
      '任务或节点',
      '编号',
      '类型',
      '完成时限',
      '逾期天数',
      '最新进展',
      '规划',
    ])
    expect(rows[overdue + 2]).toEqual([
      '扬州市',
      '市数据局',
      '建成市级数据中台',
      '(二)3',
      '节点',
      '2023-12-31',
      '244',
      '滞后',
      '扬州市数字政府建设实施方案',
    ])
    expect(sheet.getRow(titleRow + 2).getCell(7).numFmt).toBe('0"天"')
    // The overdue list is the sheet's filter; the title rows are frozen and printed on every page.
    expect(sheet.autoFilter).toBe(`A${titleRow + 1}:I${titleRow + 2}`)
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, printTitlesRow: '1:2' })
  })

  it('is left out when the bulletin has no task data', async () => {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await buildBulletin(base, statusLabels)) as unknown as ExcelJS.Buffer)
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概览', '指标明细', '逾期报送', '部门报送'])
  })
})
