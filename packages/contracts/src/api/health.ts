import { z } from 'zod'

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), reachable: z.boolean() }),
  version: z.string(),
  time: z.string(),
  /** Product seconds per real second: 1 in real time, more under the demo calendar. */
  clockRate: z.number(),
})
export type Health = z.infer<typeof Health>
