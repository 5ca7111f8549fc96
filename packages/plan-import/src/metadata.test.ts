import { describe, expect, it } from 'vitest'
import { blocksFromLines, type Paragraph } from './document.js'
import { extractMetadata, horizonOf } from './metadata.js'

const paras = (...lines: string[]) => blocksFromLines(lines.join('\n')) as Paragraph[]

describe('extractMetadata', () => {
  it('reads the notice head of a 印发 document (扬州)', () => {
    const meta = extractMetadata(
      paras(
        '《扬州市人民政府办公室关于印发〈扬州市数字政府建设2023年工作要点〉的通知》',
        '扬府办发〔2023〕20号',
        '各县(市、区)人民政府:',
        '现将《扬州市数字政府建设2023年工作要点》印发给你们,请结合工作实际贯彻执行。',
        '扬州市人民政府办公室',
        '2023年3月31日',
      ),
    )
    expect(meta).toEqual({
      title: '扬州市数字政府建设2023年工作要点',
      issuer: '扬州市人民政府办公室',
      docNumber: '扬府办发〔2023〕20号',
      issuedOn: '2023-03-31',
      horizon: { startYear: 2023, endYear: 2023 },
    })
  })

  it('reads an opinion issued under the government name, with 到2025年 and a 2035 vision (衢州)', () => {
    const meta = extractMetadata(
      paras(
        '衢州市人民政府关于深化数字政府建设的实施意见',
        '衢政发〔2022〕16号',
        '2022年9月28日',
        '到2025年,政府核心业务数字化全覆盖。到2035年,高水平建成现代政府。',
      ),
    )
    expect(meta).toMatchObject({
      title: '衢州市人民政府关于深化数字政府建设的实施意见',
      issuer: '衢州市人民政府',
      docNumber: '衢政发〔2022〕16号',
      horizon: { startYear: 2022, endYear: 2025, visionYear: 2035 },
    })
  })

  it('accepts other brackets around the year of a document number', () => {
    expect(extractMetadata(paras('某某市数字政府建设方案', '某政办发[2024]7号')).docNumber).toBe('某政办发[2024]7号')
  })
})

describe('horizonOf', () => {
  it.each([
    ['大竹县数字政府建设三年行动方案(2022—2024年)', '', { startYear: 2022, endYear: 2024 }],
    [
      '江苏省“十四五”数字政府建设规划',
      '规划期限为2021-2025年,展望至2035年。',
      { startYear: 2021, endYear: 2025, visionYear: 2035 },
    ],
    ['某省“十四五”数字经济规划', '', { startYear: 2021, endYear: 2025 }],
  ])('%s', (title, text, horizon) => expect(horizonOf(title, text, null)).toEqual(horizon))
})
