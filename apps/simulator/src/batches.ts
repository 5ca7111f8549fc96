import { createHash } from 'node:crypto'
import { MAX_ITEMS_PER_SUBMISSION, type SubmitItem } from '@cockpit/contracts'
import type { DueItem } from './due-items.js'

export interface Batch {
  departmentId: number
  idempotencyKey: string
  items: SubmitItem[]
  /** The DueItem keys the batch settles once accepted. */
  keys: string[]
}

/**
 * Derived from the department and exactly these items, so re-sending a batch after a lost answer
 * is recognised by the API as the same request and stored once.
 */
export function idempotencyKey(departmentId: number, items: readonly SubmitItem[]): string {
  const digest = createHash('sha256').update(JSON.stringify(items)).digest('hex')
  return `sim-d${departmentId}-${digest.slice(0, 48)}`
}

/** A department's due items as requests of at most `max` items each (the API's limit by default). */
export function batchesOf(departmentId: number, due: readonly DueItem[], max = MAX_ITEMS_PER_SUBMISSION): Batch[] {
  const out: Batch[] = []
  for (let i = 0; i < due.length; i += max) {
    const chunk = due.slice(i, i + max)
    const items = chunk.map((d) => d.item)
    out.push({
      departmentId,
      idempotencyKey: idempotencyKey(departmentId, items),
      items,
      keys: chunk.map((d) => d.key),
    })
  }
  return out
}
