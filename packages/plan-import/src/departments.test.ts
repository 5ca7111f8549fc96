import { describe, expect, it } from 'vitest'
import { findDepartments, splitDepartments } from './departments.js'

describe('splitDepartments', () => {
  it('keeps a bracketed list inside one name', () => {
    expect(splitDepartments('市大数据管理局、各县(市、区)人民政府、功能区管委会')).toEqual([
      '市大数据管理局',
      '各县(市、区)人民政府',
      '功能区管委会',
    ])
  })
  it('splits "等有关部门和单位" into the last department and the generic one', () => {
    expect(splitDepartments('市政务办、市大数据管理中心等有关部门和单位')).toEqual([
      '市政务办',
      '市大数据管理中心',
      '有关部门和单位',
    ])
  })
  it('splits at commas as well as 顿号', () => {
    expect(splitDepartments('市财政局,市发改委;市政数局')).toEqual(['市财政局', '市发改委', '市政数局'])
  })
})

describe('findDepartments', () => {
  it('reads 责任单位: the first named department leads', () => {
    const d = findDepartments(
      '……提升平台协同效能。(责任单位:市政务办、市大数据管理局、市大数据管理中心等有关部门和单位)',
    )!
    expect(d.lead).toEqual(['市政务办'])
    expect(d.cooperating).toEqual(['市大数据管理局', '市大数据管理中心', '有关部门和单位'])
  })
  it('reads 牵头单位 and 配合单位 in one bracket', () => {
    const d = findDepartments('开展公共数据资产交易。(牵头单位:市政数局;配合单位:市国资委等市政府各有关部门)')!
    expect(d.lead).toEqual(['市政数局'])
    expect(d.cooperating).toEqual(['市国资委', '市政府各有关部门'])
  })
  it('reads every 牵头单位 as a lead, with the generic ones cooperating', () => {
    const d = findDepartments('〔牵头单位:市政务办、市人社局等有关部门和单位,各县(市、区)人民政府〕')!
    expect(d.lead).toEqual(['市政务办', '市人社局', '各县(市、区)人民政府'])
    expect(d.cooperating).toEqual(['有关部门和单位'])
  })
  it('finds nothing in a sentence without a department bracket', () => {
    expect(findDepartments('推动数据共享(含电子证照)')).toBeUndefined()
  })
})
