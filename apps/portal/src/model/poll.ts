import type { Submission } from '@cockpit/contracts'
import { readJson } from '@cockpit/web-kit'
import { api } from '../api.js'

/**
 * Polls a submission until the workers have processed it and its statuses are current (the coalesced
 * recompute runs a moment after ingest), or it failed; gives up after `timeoutMs`.
 */
export async function waitProcessed(id: string, timeoutMs = 60_000): Promise<Submission> {
  const until = Date.now() + timeoutMs
  for (let delay = 300; ; delay = Math.min(delay * 1.5, 2_000)) {
    const s = await readJson(api.api.v1.submissions[':id'].$get({ param: { id } }))
    if ((s.state === 'processed' && !s.statusPending) || s.state === 'failed') return s as Submission
    if (Date.now() > until) throw new Error('处理时间较长,请稍后在「我的填报」查看结果')
    await new Promise((r) => setTimeout(r, delay))
  }
}
