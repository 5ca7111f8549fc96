import type { Database } from '@cockpit/db'
import { serviceContext, adminPrincipal } from '@cockpit/services/kernel'
import { createApiToken } from '@cockpit/services/access'
import type { Kysely } from 'kysely'

const NAME = '演示数据模拟器'
const launcher = adminPrincipal('system:launcher')

/**
 * The simulator reports like any department: with that department's API token (every department that
 * leads an indicator or is named on a task). Tokens from an earlier run are revoked first, so only the
 * running simulator holds valid ones.
 */
export async function issueSimulatorTokens(
  db: Kysely<Database>,
  now: Date,
): Promise<{ departmentId: number; token: string }[]> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('name', '=', NAME)
    .where('revoked_at', 'is', null)
    .execute()
  // Indicators are reported by their lead departments; tasks by their lead and cooperating ones.
  const leads = await db
    .selectFrom('indicator_departments')
    .select('department_id')
    .where('role', '=', 'lead')
    .union(db.selectFrom('task_departments').select('department_id'))
    .orderBy('department_id')
    .execute()
  const out: { departmentId: number; token: string }[] = []
  for (const { department_id } of leads) {
    const t = await createApiToken(serviceContext(db, launcher, now), { departmentId: department_id, name: NAME })
    out.push({ departmentId: department_id, token: t.token })
  }
  return out
}
