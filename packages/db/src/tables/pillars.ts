import type { Generated, Selectable } from 'kysely'

export interface PillarsTable {
  id: Generated<number>
  plan_id: number
  key: string
  name: string
  position: number
  cite_section: string
  cite_quote: string
}
export type PillarRow = Selectable<PillarsTable>
