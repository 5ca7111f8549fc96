import { describe, expect, it } from 'vitest'
import { isTraditional, simplify, simplifyDocument } from './traditional.js'

describe('Traditional → Simplified', () => {
  it('detects Traditional text and leaves Simplified alone', () => {
    expect(isTraditional('政務服務一件事通辦完成率達到80%')).toBe(true)
    expect(isTraditional('政务服务一件事通办完成率达到80%')).toBe(false)
  })

  it.each([
    ['政務套用入駐“蘇服辦”總入口率達到90%', '政务应用入驻“苏服办”总入口率达到90%'],
    ['社會治理數位化水平', '社会治理数字化水平'],
    ['社會治理智慧型感知體系', '社会治理智能感知体系'],
    ['“網際網路+政務服務”', '“互联网+政务服务”'],
    ['最佳化12345熱線', '优化12345热线'],
    ['建設基礎資料庫', '建设基础数据库'],
    ['大數據+格線化+鐵腳板', '大数据+网格化+铁脚板'],
    ['快速回響企業訴求', '快速响应企业诉求'],
  ])('%s → %s', (t, s) => expect(simplify(t)).toBe(s))

  it('converts a document only when it reads as Traditional', () => {
    const simplified = {
      format: 'txt' as const,
      convertedFromTraditional: false,
      blocks: [{ kind: 'paragraph' as const, index: 0, text: '套用场景' }],
    }
    expect(simplifyDocument(simplified).blocks[0]).toMatchObject({ text: '套用场景' })
    const traditional = {
      ...simplified,
      blocks: [{ kind: 'paragraph' as const, index: 0, text: '數位政府建設規劃,套用場景' }],
    }
    expect(simplifyDocument(traditional)).toMatchObject({
      convertedFromTraditional: true,
      blocks: [{ text: '数字政府建设规划,应用场景' }],
    })
  })
})
