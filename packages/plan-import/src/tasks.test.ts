import { describe, expect, it } from 'vitest'
import { blocksFromLines, type Paragraph } from './document.js'
import { extractTasks } from './tasks.js'

const paras = (...lines: string[]) => blocksFromLines(lines.join('\n')) as Paragraph[]

describe('extractTasks', () => {
  it('reads numbered items with their 责任单位 (扬州)', () => {
    const tasks = extractTasks(
      paras(
        '一、强化基础建设,全面夯实数字基座',
        '1.推进政务云网环境优化。升级一体化政务云平台。〔责任单位:市大数据管理局、市大数据管理中心等有关部门和单位,各县(市、区)人民政府、功能区管委会〕',
        '2.推进通用支撑能力应用。升级完善党政工作平台。(责任单位:市政务办、市大数据管理局等有关部门和单位)',
      ),
    )
    expect(tasks.map((t) => [t.number, t.title, t.lead, t.pillar])).toEqual([
      ['1', '推进政务云网环境优化', ['市大数据管理局'], '强化基础建设,全面夯实数字基座'],
      ['2', '推进通用支撑能力应用', ['市政务办'], '强化基础建设,全面夯实数字基座'],
    ])
    expect(tasks[0]!.cooperating).toEqual([
      '市大数据管理中心',
      '有关部门和单位',
      '各县(市、区)人民政府',
      '功能区管委会',
    ])
  })

  it('qualifies numbers that restart under each section and skips goals and principles (南昌)', () => {
    const tasks = extractTasks(
      paras(
        '一、总体要求',
        '(二)基本原则',
        '1.统一规划、集约建设。加快推进政务信息基础设施升级改造。',
        '二、主要任务',
        '(一)夯实数字底座',
        '1.推动电子政务外网升级改造。按照全省统一部署推进。(牵头单位:市政数局;配合单位:市政府各部门)',
        '(二)推动数据共享',
        '1.建立政务数据共享管理机制。持续推进清单化管理。',
      ),
    )
    expect(tasks.map((t) => [t.number, t.title, t.lead, t.cooperating])).toEqual([
      ['(一)1', '推动电子政务外网升级改造', ['市政数局'], ['市政府各部门']],
      ['(二)1', '建立政务数据共享管理机制', [], []],
    ])
  })

  it('takes safeguards as tasks only where departments are named', () => {
    const tasks = extractTasks(
      paras('三、保障措施', '(一)加强组织领导。成立领导小组。(牵头单位:市政数局)', '(二)加强宣传。加大宣传力度。'),
    )
    expect(tasks.map((t) => t.title)).toEqual(['加强组织领导'])
  })

  it('splits a body-less heading into its "标题。正文" paragraphs (江苏)', () => {
    const tasks = extractTasks(
      paras(
        '五、重构数字政府运行体系',
        '(二)构建普惠包容的数字社会体系',
        '优化数字教育建设。开展慕课、名师空中课堂等在线教育服务。(责任单位:省教育厅)',
        '强化数字人社建设。对接全国统一的社会保险公共服务平台。(责任单位:省人力资源社会保障厅)',
      ),
    )
    expect(tasks.map((t) => [t.number, t.title, t.lead])).toEqual([
      ['(二)-1', '优化数字教育建设', ['省教育厅']],
      ['(二)-2', '强化数字人社建设', ['省人力资源社会保障厅']],
    ])
  })

  it('takes an item written as one long sentence, cut at its first comma', () => {
    const [t] = extractTasks(
      paras(
        '三、助推数字法治',
        '34.拓展府院联动的广度和深度,加强行政争议化解中诉讼方式与非诉讼方式的衔接,综合发挥行政资源和司法资源作用',
      ),
    )
    expect(t).toMatchObject({ number: '34', title: '拓展府院联动的广度和深度' })
  })

  it('proposes the body the safeguards put in charge as the inferred lead of tasks naming none (大竹)', () => {
    const [t] = extractTasks(
      paras(
        '二、重点任务',
        '1.扩容完善政务云基础设施。建设政务云平台。',
        '三、保障措施',
        '(一)加强组织领导。县数字经济工作领导小组负责统筹推进本方案实施,领导小组办公室牵头负责推进具体任务。',
      ),
    )
    expect(t).toMatchObject({ lead: ['领导小组办公室'], leadInferred: { quote: '领导小组办公室牵头负责推进具体任务' } })
  })

  it('cuts a long first sentence at its first comma (衢州)', () => {
    const [t] = extractTasks(
      paras(
        '二、助推数字法治',
        '33.推进政务数据有序共享,支撑“综合飞一次”“公证e生活”等场景应用打造,提升数字法治水平。正文。',
      ),
    )
    expect(t!.title).toBe('推进政务数据有序共享')
  })
})
