import { shanghaiDate } from '@cockpit/domain'
import type { Context } from 'hono'
import type { AppEnv } from './env.js'

/** The date statuses are judged at: the caller's asOf, else today in Asia/Shanghai. */
export const asOfDate = (c: Context<AppEnv>, asOf: string | undefined) => asOf ?? shanghaiDate(c.get('deps').now())
