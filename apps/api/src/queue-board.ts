import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { HonoAdapter } from '@bull-board/hono'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Queue } from 'bullmq'

export const QUEUE_BOARD_PATH = '/admin/queues'

/** bull-board's UI and API (assets ship inside its package: nothing is fetched from the network). */
export function queueBoard(queues: Queue[]) {
  const adapter = new HonoAdapter(serveStatic)
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: '数政驾驶舱 队列' } },
  })
  adapter.setBasePath(QUEUE_BOARD_PATH)
  return adapter.registerPlugin()
}
