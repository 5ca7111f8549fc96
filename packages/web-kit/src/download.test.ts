import { describe, expect, it } from 'vitest'
import { dispositionFileName } from './download.js'

describe('download file names', () => {
  it('prefers the UTF-8 Chinese name the API sends, else the ASCII one, else the fallback', () => {
    const h = `attachment; filename="bulletin-360100-2024-06.xlsx"; filename*=UTF-8''${encodeURIComponent('数字政府建设指标月度通报-南昌市-2024年06月.xlsx')}`
    expect(dispositionFileName(h, 'x.xlsx')).toBe('数字政府建设指标月度通报-南昌市-2024年06月.xlsx')
    expect(dispositionFileName('attachment; filename="a.xlsx"', 'x.xlsx')).toBe('a.xlsx')
    expect(dispositionFileName(null, 'x.xlsx')).toBe('x.xlsx')
  })
})
