import { describe, expect, it } from 'vitest'
import { type JurisdictionEntry, matchJurisdiction, shortName } from './jurisdiction.js'

const tree: JurisdictionEntry[] = [
  { code: '320000', name: '江苏省', level: 'province', parentCode: null },
  { code: '321000', name: '扬州市', level: 'city', parentCode: '320000' },
  { code: '360100', name: '南昌市', level: 'city', parentCode: '360000' },
  { code: '360121', name: '南昌县', level: 'county', parentCode: '360100' },
  { code: '110105', name: '朝阳区', level: 'county', parentCode: '110100' },
  { code: '220104', name: '朝阳区', level: 'county', parentCode: '220100' },
  { code: '110100', name: '北京市', level: 'city', parentCode: null },
  { code: '220100', name: '长春市', level: 'city', parentCode: null },
]

describe('matchJurisdiction', () => {
  it('matches the issuer by name', () =>
    expect(matchJurisdiction(['扬州市人民政府办公室'], '', tree)?.code).toBe('321000'))
  it('prefers the longer name: 南昌市 over 南昌县', () =>
    expect(matchJurisdiction(['南昌市人民政府办公室'], '', tree)?.code).toBe('360100'))
  it('takes the county when the issuer is the county', () =>
    expect(matchJurisdiction(['南昌县人民政府'], '', tree)?.code).toBe('360121'))
  it('settles a shared name by the parent named in the text', () =>
    expect(matchJurisdiction(['朝阳区人民政府'], '长春市朝阳区', tree)?.code).toBe('220104'))
  it('matches a province plan by its title', () =>
    expect(matchJurisdiction(['江苏省“十四五”数字政府建设规划'], '', tree)?.level).toBe('province'))
  it('falls back to the first government named in the text', () =>
    expect(matchJurisdiction(['数字政府建设方案'], '经扬州市人民政府同意,现印发', tree)?.code).toBe('321000'))
  it('returns null for a place outside the tree', () =>
    expect(matchJurisdiction(['杭州市人民政府'], '', tree)).toBeNull())
  it('shortens names by their suffix', () =>
    expect([shortName('南昌市'), shortName('江苏省'), shortName('通州区')]).toEqual(['南昌', '江苏', '通州']))
})
