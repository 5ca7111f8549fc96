import { type client, waitFor } from './http.js'
import type { seededApp } from './seeded-app.js'

type Producers = NonNullable<Awaited<ReturnType<typeof seededApp>>['producers']>
type InboxItem = { kind: string; alertId: string | null; title: string; body: string }

/** Runs the alert follow-ups (repeat notices, escalations) as their scheduler would, and waits for the job. */
export async function runFollowUps(producers: Pick<Producers, 'maintenance'>) {
  const job = await producers.maintenance.add('follow-ups', { kind: 'alert-follow-ups' })
  await waitFor(
    async () => ((await producers.maintenance.getJobState(job.id!)) === 'completed' ? true : undefined),
    15_000,
  )
}

/** The escalation notices about one alert in a user's inbox. */
export async function escalationsOf(who: ReturnType<typeof client>, alertId: string) {
  return (await who.get<{ items: InboxItem[] }>('/api/v1/inbox')).body.items.filter(
    (i) => i.alertId === alertId && i.kind.startsWith('escalation'),
  )
}
