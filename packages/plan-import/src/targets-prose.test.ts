import { describe, expect, it } from 'vitest'
import { proseTargets } from './targets-prose.js'

const read = (text: string, year = 2025) => proseTargets(text, { paragraph: 0, yearAt: () => year })
const one = (text: string) => {
  const found = read(text)
  expect(found, text).toHaveLength(1)
  return found[0]!
}

describe('percentages', () => {
  it.each([
    // fixtures cut from the seed documents …
    ['推动公共数据按需共享率达到100%', '公共数据按需共享率', 'gte', 100],
    ['实现标准清单接入率95%以上', '标准清单接入率', 'gte', 95],
    ['政务服务电子证照用证率力争达到75%以上', '政务服务电子证照用证率', 'gte', 75],
    [
      '力争2025年底惠企政策免申即享、即申即享方式兑现比例不低于40%',
      '惠企政策免申即享、即申即享方式兑现比例',
      'gte',
      40,
    ],
    ['政务服务事项掌上可办比率2025年底前不低于90%', '政务服务事项掌上可办比率', 'gte', 90],
    // … and variants of our own
    ['到2025年,城乡居民电子健康档案建档率提高到95%', '城乡居民电子健康档案建档率', 'gte', 95],
    ['行政许可事项平均承诺时限压减到法定时限的30%以内', '行政许可事项平均承诺时限', 'lte', 30],
    ['全市政务服务差评率控制在0.5%以内', '政务服务差评率', 'lte', 0.5],
    ['全市数字经济核心产业增加值占GDP比重超过12%', '全市数字经济核心产业增加值占GDP比重', 'gte', 12],
  ] as const)('%s', (text, name, comparator, value) => {
    const t = one(text)
    expect(t).toMatchObject({ unit: '%', comparator, value })
    expect(t.indicator).toContain(name.replace(/^全市/, ''))
    expect(text.slice(t.source.start, t.source.end)).toBe(t.quote)
  })

  it('reads a value held without floor or cap as eq: 保持在100%', () => {
    expect(one('政务服务事项网上可办率保持在100%')).toMatchObject({ comparator: 'eq', value: 100 })
    expect(one('群众满意度保持在98%以上')).toMatchObject({ comparator: 'gte', value: 98 })
  })

  it('reads a lower-is-better cap', () => expect(one('政务服务差评率控制在0.5%以内').direction).toBe('lower'))

  it('takes the name after the figure when it is quoted: 实现98%"网上可办"', () => {
    expect(one('依申请政务服务事项实现98%“网上可办”').indicator).toBe('“网上可办”率')
  })

  it('ignores a past change without target wording', () => expect(read('去年网上办件量增长12%')).toEqual([]))

  it('ignores results of the past five-year plan', () =>
    expect(read('“十三五”期间,全市政务服务事项网上可办率达到95%')).toEqual([]))

  it('reads time limits as caps in their own unit', () => {
    expect(one('企业开办时间压缩至1个工作日以内')).toMatchObject({
      indicator: '企业开办时间',
      unit: '工作日',
      comparator: 'lte',
      value: 1,
      direction: 'lower',
    })
    expect(one('工程建设项目审批时间缩短到四十天')).toMatchObject({ unit: '天', value: 40, comparator: 'lte' })
  })

  it('reads a baseline stated with the target: 由2020年的60%提高到90%', () => {
    expect(one('全市政务服务好评率由2020年的60%提高到90%')).toMatchObject({
      value: 90,
      baseline: { year: 2020, value: 60 },
    })
  })

  it('reads 翻一番 as twice the base year, for the reviewer to put a figure on', () => {
    expect(one('数字经济核心产业增加值比2020年翻一番')).toMatchObject({
      indicator: '数字经济核心产业增加值',
      unit: '倍',
      value: 2,
      baseline: { year: 2020, value: 1 },
    })
  })

  it('keeps the verb of a cap out of the name', () => {
    expect(one('行政审批事项平均承诺时限压减至法定时限的40%以内')).toMatchObject({
      indicator: '行政审批事项平均承诺时限',
      comparator: 'lte',
      value: 40,
    })
  })
})

describe('counts', () => {
  it.each([
    ['全市机关内部“最多跑一次”事项上线不少于25项', 25, '项', 'gte'],
    ['开发城市管理、市场监管等领域智能化应用场景10个以上', 10, '个', 'gte'],
    ['到2025年底,力争推出500项以上“免证办”事项', 500, '项', 'gte'],
    ['推动扬州智慧学堂APP向扬州教育APP转型,日均活跃用户达5万以上', 5, '万人', 'gte'],
    ['新建5G基站不少于三千个', 3000, '个', 'gte'],
    ['累计培育省级数字化车间二十家以上', 20, '家', 'gte'],
  ] as const)('%s', (text, value, unit, comparator) => {
    expect(read(text)).toEqual([expect.objectContaining({ value, unit, comparator })])
  })

  it('reads a range: 1-2个 and 1~2名', () => {
    expect(one('指导并促进1-2个县(市、区)政府门户网站开展创新型应用示范')).toMatchObject({
      comparator: 'range',
      value: 1,
      valueMax: 2,
      unit: '个',
    })
    expect(one('由市政府各部门确定1~2名工作人员担任政策解读专员')).toMatchObject({
      comparator: 'range',
      value: 1,
      valueMax: 2,
      unit: '名',
    })
  })

  it('names a count by what is counted: 等10个以上特色应用', () => {
    expect(one('“共富林业”“零废生活”等10个以上特色应用全市域推广').indicator).toMatch(/^特色应用/)
  })

  it('reads counted outputs: 推进人口、法人等五大基础数据库', () => {
    expect(one('构建空间调查、多规合一、空间保护等五大综合应用')).toMatchObject({ value: 5, unit: '个' })
  })

  it('reads N大 closing a list, but not a vague "三大能力"', () => {
    expect(one('构建空间调查、多规合一、空间保护、空间利用和空间安全五大综合应用')).toMatchObject({
      indicator: '综合应用数',
      value: 5,
    })
    expect(read('提升监测预警、指挥调度和抢险救援三大能力')).toEqual([])
  })

  it('marks 每年 and 累计 per clause', () => {
    expect(one('每年新增数据开放数据集不少于50个').accumulation).toBe('per-year')
    expect(one('累计建成智慧社区不少于200个').accumulation).toBe('cumulative')
    expect(read('每年新增“免证办”事项不少于50项,累计推出“一件事”集成服务80个以上').map((t) => t.accumulation)).toEqual([
      'per-year',
      'cumulative',
    ])
  })

  it('adds 数 to a counted subject: 公共数据开放数据集不少于1000个', () => {
    expect(one('公共数据开放数据集不少于1000个').indicator).toBe('公共数据开放数据集数')
  })

  it('ignores hotline numbers, 5G, time limits and vague amounts', () => {
    expect(read('优化“12345”政务服务便民热线,推动5G网络覆盖,在1个工作日内完成审核,创建一批互联网医院')).toEqual([])
  })
})

describe('全覆盖 and zero', () => {
  it('reads 全覆盖 as 100%', () => {
    expect(one('到2025年,政府核心业务数字化全覆盖')).toMatchObject({
      indicator: '政府核心业务数字化覆盖率',
      unit: '%',
      comparator: 'gte',
      value: 100,
    })
    expect(one('到2024年底,政务公开专区实现市县两级全覆盖')).toMatchObject({ value: 100, unit: '%' })
  })

  it('reads 应归尽归 and 全部上线 as 100%', () => {
    expect(one('惠企政策在“苏企通”“易申报”平台应归尽归').indicator).toBe('惠企政策在“苏企通”“易申报”平台归集率')
    expect(one('高频政务服务事项全部上线“赣服通”')).toMatchObject({ value: 100 })
  })

  it('names what an adjectival 全域覆盖 / 覆盖所有 describes', () => {
    expect(one('建设全域覆盖、全面治理、统一管控的应急管理信息化平台').indicator).toBe('应急管理信息化平台覆盖率')
    expect(one('构建覆盖所有市场主体的信用监管体系').indicator).toBe('信用监管体系市场主体覆盖率')
  })

  it('ignores a nominalised action and a slogan without a subject', () => {
    expect(read('加强大气、水、土壤等数据的全量归集和共享交互')).toEqual([])
    expect(read('推动政务数据资源共享全过程管理,实现“应归尽归、开放共享”')).toEqual([])
  })

  it('reads 为"0" as at most zero, lower is better', () => {
    expect(one('全面取消公共服务和行政审批索要证明事项,保留证明事项为“0”')).toMatchObject({
      indicator: '保留证明事项数',
      unit: '项',
      comparator: 'lte',
      value: 0,
      direction: 'lower',
    })
  })
})
