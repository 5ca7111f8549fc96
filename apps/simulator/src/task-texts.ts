import type { TaskProgressBody, TaskStage } from '@cockpit/contracts'
import { unitHash } from './random.js'

const WORK = [
  '需求调研和方案细化',
  '系统功能开发与联调测试',
  '试点部署和业务培训',
  '数据归集与接口对接',
  '配套制度文件起草和征求意见',
  '平台上线试运行和问题整改',
] as const
const PROBLEMS = [
  '部分县(市、区)数据质量有待提升',
  '基层人员业务培训覆盖面不足',
  '与省级平台的接口规范尚在调整',
] as const

const pick = <T>(list: readonly T[], u: number): T => list[Math.min(list.length - 1, Math.floor(u * list.length))]!

export interface ReportText {
  stage: TaskStage
  percent: number
  reason: string | null
  role: 'lead' | 'cooperating'
}

/** What a department writes for a period, in the words of a 进展报告: varied by a hash, never random. */
export function reportText(
  seed: number,
  taskId: number,
  departmentId: number,
  periodKey: string,
  t: ReportText,
): Omit<TaskProgressBody, 'period' | 'departmentId' | 'evidenceIds'> {
  const u = (what: string) => unitHash(seed, 'text', what, taskId, departmentId, periodKey)
  const work = pick(WORK, u('work'))
  const base = { stage: t.stage, percent: t.percent }
  if (t.role === 'cooperating')
    return {
      ...base,
      progress: `配合牵头单位开展${work}相关工作,已按要求提供数据和材料。`,
      nextSteps: '继续做好配合,及时报送相关材料。',
      ...(t.reason ? { reason: t.reason } : {}),
    }
  switch (t.stage) {
    case 'not-started':
      return {
        ...base,
        progress: '已完成前期调研,实施方案正在报批,尚未正式启动。',
        nextSteps: '推动方案尽快批复,启动招标采购。',
      }
    case 'in-progress':
      return {
        ...base,
        progress: `本期重点推进${work},累计完成约${t.percent}%。`,
        ...(u('problem') < 0.3 ? { problems: `${pick(PROBLEMS, u('which'))}。` } : {}),
        nextSteps: `继续推进${pick(WORK, u('next'))},确保按期完成。`,
      }
    case 'completed':
      return {
        ...base,
        progress: '已全面完成,成果已投入使用,验收材料已整理完毕。',
        nextSteps: '做好运行维护和成效评估。',
      }
    case 'delayed':
      return {
        ...base,
        progress: `受${t.reason}影响,进度滞后,目前完成约${t.percent}%。`,
        problems: `${t.reason}。`,
        nextSteps: '已报请分管领导协调,倒排工期加快推进。',
        reason: t.reason!,
      }
    case 'suspended':
      return {
        ...base,
        progress: '按要求暂缓实施,已完成部分的成果妥善保存。',
        nextSteps: '待条件具备后恢复推进。',
        reason: t.reason!,
      }
  }
}

export const CLAIM_NOTE = '已按计划完成,成果已投入使用,验收材料齐全。'
export const RECLAIM_NOTE = '已按退回意见补充验收报告和运行截图,请再次审核。'
export const HISTORY_CLAIM_NOTE = '上线前已完成并销号(历史数据导入)。'
export const RETURN_COMMENTS = [
  '佐证材料不足,请补充验收报告或上线运行截图后重新申请。',
  '完成情况说明过于简略,请写明建设内容、覆盖范围和使用情况。',
  '配合单位意见未附,请会签后重新申请。',
] as const
export const returnComment = (seed: number, taskId: number): string =>
  pick(RETURN_COMMENTS, unitHash(seed, 'return-comment', taskId))
