import { between, unitHash } from './random.js'

/** How a department reports: within a few days, 20–45 days late, or on time but skipping some periods. */
export type Habit = 'prompt' | 'late' | 'skipper'

export const LATE_SHARE = 0.15
export const SKIPPER_SHARE = 0.05
/** Share of periods a skipping department never reports. */
export const SKIP_RATE = 0.35

/**
 * Habits by department. Departments are ranked by a seeded hash and the first ~15% are late, the
 * next ~5% skip periods, so a demo with a few dozen departments always shows a few of each, and the
 * choice is the same on every run with the same seed and departments.
 */
export function departmentHabits(seed: number, departmentIds: readonly number[]): Map<number, Habit> {
  const ranked = [...new Set(departmentIds)].sort(
    (a, b) => unitHash(seed, 'habit', a) - unitHash(seed, 'habit', b) || a - b,
  )
  const late = Math.round(ranked.length * LATE_SHARE)
  const skippers = Math.round(ranked.length * SKIPPER_SHARE)
  return new Map(ranked.map((id, i) => [id, i < late ? 'late' : i < late + skippers ? 'skipper' : 'prompt']))
}

/**
 * Days after a period's end on which the department reports it, or null when it never does.
 * Keyed by department and period, so all of a department's indicators for a period arrive together.
 */
export function reportDelayDays(seed: number, departmentId: number, habit: Habit, periodKey: string): number | null {
  const u = unitHash(seed, 'delay', departmentId, periodKey)
  if (habit === 'late') return Math.floor(between(u, 20, 46))
  if (habit === 'skipper' && unitHash(seed, 'skip', departmentId, periodKey) < SKIP_RATE) return null
  return Math.floor(between(u, 0, 5))
}

/**
 * Days after a period's end on which the department sends its written progress report on a task, or
 * null when it skips the period (a skipper skips the same periods as its values). Reports take longer
 * to write than a figure: prompt departments send them within the ten days' grace (0–8 days), which
 * also spreads a month's reports over several days instead of one morning.
 */
export function taskReportDelayDays(
  seed: number,
  departmentId: number,
  habit: Habit,
  periodKey: string,
): number | null {
  const u = unitHash(seed, 'task-delay', departmentId, periodKey)
  if (habit === 'late') return Math.floor(between(u, 20, 46))
  if (habit === 'skipper' && unitHash(seed, 'skip', departmentId, periodKey) < SKIP_RATE) return null
  return Math.floor(between(u, 0, 9))
}
