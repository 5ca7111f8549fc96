import { z } from 'zod'

// Field rules shared by the admin forms and the plan importer's edits, so one field is judged, and worded, alike.

/** Required text, trimmed, at most `max` characters. */
export const text = (label: string, max: number) =>
  z
    .string({ message: `${label}应为文字` })
    .trim()
    .min(1, `${label}不能为空`)
    .max(max, `${label}不超过${max}个字符`)

/** A calendar year a plan can name. */
export const year = (label: string) =>
  z
    .number({ message: `${label}应为年份数字` })
    .int(`${label}应为整数年份`)
    .min(1949, `${label}不早于1949年`)
    .max(2100, `${label}不晚于2100年`)

/** A finite number (not NaN or ±Infinity). */
export const finite = (label: string) =>
  z.number({ message: `${label}应为数字` }).refine(Number.isFinite, `${label}应为有限数字`)
