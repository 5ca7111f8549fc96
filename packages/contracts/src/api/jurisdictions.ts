import { z } from 'zod'
import { JurisdictionLevel } from '../domain-enums.js'
import { JurisdictionCode } from './common.js'

export const Jurisdiction = z.object({
  code: z.string(),
  name: z.string(),
  level: JurisdictionLevel,
  parentCode: z.string().nullable(),
  indicatorCount: z.number().int(),
  planCount: z.number().int(),
})
export type Jurisdiction = z.infer<typeof Jurisdiction>

export type JurisdictionNode = Jurisdiction & { children: JurisdictionNode[] }
// A named component: the OpenAPI generator needs the id to emit the recursion as a $ref.
export const JurisdictionNode: z.ZodType<JurisdictionNode> = Jurisdiction.extend({
  children: z.lazy(() => z.array(JurisdictionNode)),
}).meta({ id: 'JurisdictionNode' })

export const JurisdictionTree = z.object({ items: z.array(JurisdictionNode) })
export const JurisdictionDetail = Jurisdiction.extend({
  ancestors: z.array(Jurisdiction),
  children: z.array(Jurisdiction),
})
export type JurisdictionDetail = z.infer<typeof JurisdictionDetail>
export const JurisdictionParam = z.object({ code: JurisdictionCode })
