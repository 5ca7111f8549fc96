import { z } from 'zod'
import {
  Cadence,
  cadences,
  Comparator,
  DepartmentRole,
  Direction,
  IndicatorNature,
  JurisdictionLevel,
  Measure,
  RollupOwnValue,
  RollupRule,
} from '../domain-enums.js'
import { IsoDate, JurisdictionCode } from './common.js'
import { finite, text, year } from './field-rules.js'
import { Department } from './departments.js'

// Administrator writes. Checks that need only the body live here (each message names why); checks
// that need stored rows (horizon, unit against a stored measure, cycles) live in the services.

const id = (label: string) =>
  z
    .number({ message: `${label}应为正整数编号` })
    .int(`${label}应为正整数编号`)
    .positive(`${label}应为正整数编号`)
const key = (label: string) =>
  z
    .string({ message: `${label}应为文字` })
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, `${label}应为小写字母、数字或连字符(不超过64个字符)`)
const CitationInput = z.strictObject({ section: text('出处章节', 200), quote: text('原文引用', 2000) })

export const AdminJurisdictionCreate = z.strictObject({
  code: JurisdictionCode,
  name: text('行政区划名称', 50),
  level: JurisdictionLevel,
  parentCode: JurisdictionCode.nullable().default(null),
})
export const AdminJurisdictionUpdate = z
  .strictObject({
    name: text('行政区划名称', 50).optional(),
    level: JurisdictionLevel.optional(),
    parentCode: JurisdictionCode.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请求体至少包含一个要修改的字段')

const planFields = {
  key: key('规划标识'),
  jurisdictionCode: JurisdictionCode,
  title: text('规划标题', 200),
  docNumber: text('文号', 100).nullable().default(null),
  issuer: text('印发单位', 100),
  issuedOn: IsoDate,
  startYear: year('起始年份'),
  endYear: year('截止年份'),
  visionYear: year('远景年份').nullable().default(null),
  sourceFile: text('来源文件', 200),
  citation: CitationInput,
}
export const AdminPlanCreate = z
  .strictObject(planFields)
  .refine((p) => p.startYear <= p.endYear, { message: '起始年份不能晚于截止年份', path: ['endYear'] })
export const AdminPlanUpdate = z
  .strictObject({
    title: planFields.title.optional(),
    jurisdictionCode: JurisdictionCode.optional(),
    docNumber: text('文号', 100).nullable().optional(),
    issuer: planFields.issuer.optional(),
    issuedOn: IsoDate.optional(),
    startYear: planFields.startYear.optional(),
    endYear: planFields.endYear.optional(),
    visionYear: year('远景年份').nullable().optional(),
    sourceFile: planFields.sourceFile.optional(),
    citation: CitationInput.optional(),
    /** How often the plan's tasks and milestones are reported (tasks may override). */
    taskReportCadence: Cadence.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请求体至少包含一个要修改的字段')
  .refine((p) => p.startYear === undefined || p.endYear === undefined || p.startYear <= p.endYear, {
    message: '起始年份不能晚于截止年份',
    path: ['endYear'],
  })

/** PATCH /api/v1/admin/tasks/{id}: a task's own reporting cadence, or null to follow its plan's. */
export const AdminTaskUpdate = z.strictObject({
  reportCadence: z.enum(cadences, { message: '报送周期应为 monthly、quarterly、yearly,或 null(随规划)' }).nullable(),
})
export type AdminTaskUpdate = z.infer<typeof AdminTaskUpdate>

export const AdminPillarCreate = z.strictObject({
  key: key('板块标识'),
  name: text('板块名称', 100),
  position: z.number().int().min(0).optional(),
  citation: CitationInput,
})
export const AdminPillarUpdate = z
  .strictObject({
    name: text('板块名称', 100).optional(),
    position: z.number().int().min(0).optional(),
    citation: CitationInput.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请求体至少包含一个要修改的字段')
export const AdminPillar = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  key: z.string(),
  name: z.string(),
  position: z.number().int(),
})

export const AdminTargetInput = z
  .strictObject({
    year: year('目标年份'),
    /** Defaults to 31 December of the year. */
    dueDate: IsoDate.optional(),
    comparator: Comparator,
    value: finite('目标值'),
    valueMax: finite('目标上限').nullable().default(null),
    citation: CitationInput.nullable().default(null),
  })
  .refine((t) => t.dueDate === undefined || t.dueDate.startsWith(`${t.year}-`), {
    message: '截止日期应在目标年份之内',
    path: ['dueDate'],
  })
export type AdminTargetInput = z.infer<typeof AdminTargetInput>
export const AdminTargetUpdate = z
  .strictObject({
    year: year('目标年份').optional(),
    dueDate: IsoDate.optional(),
    comparator: Comparator.optional(),
    value: finite('目标值').optional(),
    valueMax: finite('目标上限').nullable().optional(),
    citation: CitationInput.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请求体至少包含一个要修改的字段')
export type AdminTargetUpdate = z.infer<typeof AdminTargetUpdate>

export const AdminDepartmentLink = z.strictObject({ departmentId: id('部门编号'), role: DepartmentRole })
export const AdminDepartmentLinks = z.strictObject({
  departments: z
    .array(AdminDepartmentLink)
    .max(50, '关联部门不超过50个')
    .refine((l) => new Set(l.map((d) => d.departmentId)).size === l.length, '同一部门只能出现一次')
    .refine((l) => l.length === 0 || l.some((d) => d.role === 'lead'), '至少需要一个牵头单位(role: lead)'),
})

const Baseline = z.strictObject({ year: year('基期年份'), value: finite('基期值') })
export const AdminIndicatorCreate = z.strictObject({
  planId: id('规划编号'),
  key: key('指标标识'),
  /** Defaults to the plan's jurisdiction. */
  jurisdictionCode: JurisdictionCode.optional(),
  pillarId: id('板块编号').nullable().default(null),
  name: text('指标名称', 200),
  unit: text('单位', 20),
  measure: Measure,
  direction: Direction,
  nature: IndicatorNature,
  cadence: Cadence,
  baseline: Baseline.nullable().default(null),
  citation: CitationInput,
  note: text('备注', 1000).nullable().default(null),
  targets: z.array(AdminTargetInput).min(1, '至少需要一个目标').max(20, '目标不超过20个'),
  departments: AdminDepartmentLinks.shape.departments.default([]),
})
export type AdminIndicatorCreate = z.infer<typeof AdminIndicatorCreate>
export const AdminIndicatorUpdate = z
  .strictObject({
    pillarId: id('板块编号').nullable().optional(),
    name: text('指标名称', 200).optional(),
    unit: text('单位', 20).optional(),
    measure: Measure.optional(),
    direction: Direction.optional(),
    nature: IndicatorNature.optional(),
    cadence: Cadence.optional(),
    baseline: Baseline.nullable().optional(),
    citation: CitationInput.optional(),
    note: text('备注', 1000).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请求体至少包含一个要修改的字段')
export type AdminIndicatorUpdate = z.infer<typeof AdminIndicatorUpdate>
export const TargetIdParam = z.object({
  id: z.coerce.number({ message: '应为正整数' }).int('应为正整数').positive('应为正整数'),
  targetId: z.coerce.number({ message: '应为正整数' }).int('应为正整数').positive('应为正整数'),
})

const Mobile = z.string().regex(/^1\d{10}$/, '手机号应为11位数字')
export const AdminDepartmentCreate = z.strictObject({
  jurisdictionCode: JurisdictionCode,
  key: key('部门标识'),
  name: text('部门简称', 100),
  fullName: text('部门全称', 200).nullable().default(null),
  contactMobiles: z.array(Mobile).max(20, '联系人手机号不超过20个').default([]),
})
export const AdminDepartmentUpdate = z
  .strictObject({
    name: text('部门简称', 100).optional(),
    fullName: text('部门全称', 200).nullable().optional(),
    contactMobiles: z.array(Mobile).max(20, '联系人手机号不超过20个').optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请求体至少包含一个要修改的字段')
export const AdminDepartment = Department.extend({ contactMobiles: z.array(z.string()) })

export const userRoles = ['admin', 'manager', 'reporter', 'viewer'] as const
export const UserRole = z.enum(userRoles, { message: '角色应为 admin、manager、reporter 或 viewer' })
const Password = z.string({ message: '密码应为文字' }).min(12, '初始密码至少12个字符').max(256, '密码不超过256个字符')
export const AdminUserCreate = z.strictObject({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, '用户名应为3–64位小写字母、数字或 . _ -,以字母或数字开头'),
  displayName: text('显示名称', 50),
  role: UserRole,
  /** Required for reporters: the department they report for. */
  departmentId: id('部门编号').nullable().default(null),
  /** Managers and viewers: the jurisdictions they oversee (descendants included). */
  jurisdictions: z.array(JurisdictionCode).max(50).default([]),
  password: Password,
  mobile: Mobile.nullable().default(null),
  email: z.email('邮箱格式不正确').nullable().default(null),
})
export type AdminUserCreate = z.infer<typeof AdminUserCreate>
export const AdminUserUpdate = z
  .strictObject({
    displayName: text('显示名称', 50).optional(),
    role: UserRole.optional(),
    departmentId: id('部门编号').nullable().optional(),
    jurisdictions: z.array(JurisdictionCode).max(50).optional(),
    mobile: Mobile.nullable().optional(),
    email: z.email('邮箱格式不正确').nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, '请求体至少包含一个要修改的字段')
export type AdminUserUpdate = z.infer<typeof AdminUserUpdate>
/** Never carries the password hash. */
export const AdminUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: UserRole,
  departmentId: z.number().int().nullable(),
  jurisdictions: z.array(z.string()),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
})
export type AdminUser = z.infer<typeof AdminUser>
export const AdminUserList = z.object({ items: z.array(AdminUser) })
export const AdminUserQuery = z.object({
  role: UserRole.optional(),
  department: z.coerce.number({ message: '部门编号应为正整数' }).int().positive().optional(),
})
export const ResetPasswordResult = z.object({ userId: z.number().int(), password: z.string() })

export const ApiTokenInfo = z.object({
  id: z.number().int(),
  departmentId: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  createdBy: z.number().int().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
export const ApiTokenList = z.object({ items: z.array(ApiTokenInfo) })
export const ApiTokenQuery = z.object({
  department: z.coerce.number({ message: '部门编号应为正整数' }).int().positive().optional(),
  revoked: z.enum(['true', 'false'], { message: '应为 true 或 false' }).optional(),
})

const Instant = z.union([IsoDate, z.iso.datetime({ offset: true })], {
  message: '应为日期 YYYY-MM-DD 或带时区的时间 2026-01-01T08:00:00+08:00',
})
export const AuditQuery = z.object({
  entity: z
    .string()
    .regex(/^[a-z_]{2,40}$/, '对象类型应为小写字母或下划线,如 indicator、user')
    .optional(),
  entityId: z.string().trim().min(1).max(64).optional(),
  /** A username ("admin"), or an actor label as stored ("user:admin", "token:csk_ab12…", "system"). */
  actor: z.string().trim().min(1).max(100).optional(),
  /** Inclusive; a date is the start of that day in Asia/Shanghai. */
  from: Instant.optional(),
  /** Inclusive; a date is the whole of that day in Asia/Shanghai. */
  to: Instant.optional(),
  limit: z.coerce
    .number({ message: '应为1–200的整数' })
    .int('应为1–200的整数')
    .min(1, '应为1–200的整数')
    .max(200, '应为1–200的整数')
    .default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, '翻页游标无效,请使用上一页返回的 nextCursor')
    .optional(),
})
export type AuditQuery = z.infer<typeof AuditQuery>
export const AuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ label: z.string(), userId: z.number().int().nullable(), tokenId: z.number().int().nullable() }),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
})
export type AuditEntryView = z.infer<typeof AuditEntryView>
export const AuditPage = z.object({ items: z.array(AuditEntryView), nextCursor: z.string().nullable() })

/** PUT /admin/indicators/{id}/rollup: derive the indicator's value at its own jurisdiction from its direct children's. */
export const AdminRollupInput = z
  .strictObject({
    rule: RollupRule,
    weightIndicator: id('权重指标编号').optional(),
    minCoverage: z
      .number({ message: '最低覆盖率应为0–1之间的数字' })
      .min(0, '最低覆盖率应为0–1之间的数字')
      .max(1, '最低覆盖率应为0–1之间的数字')
      .default(1),
    ownValue: RollupOwnValue.default('derived'),
  })
  .superRefine((r, ctx) => {
    if (r.rule === 'weighted-mean' && r.weightIndicator === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['weightIndicator'],
        message: '加权平均(weighted-mean)需指定权重指标 weightIndicator(如各地的系统数)',
      })
    if (r.rule !== 'weighted-mean' && r.weightIndicator !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['weightIndicator'],
        message: '只有加权平均(weighted-mean)才能指定权重指标',
      })
  })
export type AdminRollupInput = z.infer<typeof AdminRollupInput>
