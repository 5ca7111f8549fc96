import { z } from 'zod'
import { JurisdictionCode } from './common.js'

/** An uploaded boundary file's cap (checked while the body streams in, and again in the service). */
export const MAX_BOUNDARY_BYTES = 5 * 1024 * 1024
export const MAX_APPROVAL_NO_LENGTH = 100

/** Where a map's shapes come from: an administrator's approved (审图号) file, a shipped file, or the generated 示意图. */
export const GeoSource = z.enum(['approved', 'shipped', 'schematic'])
export type GeoSource = z.infer<typeof GeoSource>

export const GeoFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({ adcode: z.string(), name: z.string() }),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
})
export const GeoFeatureCollection = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(GeoFeature) })
  .meta({ id: 'GeoFeatureCollection' })

/** The shapes of one jurisdiction's children, keyed by properties.adcode (never by name). */
export const GeoShape = z.object({
  adcode: z.string(),
  name: z.string(),
  source: GeoSource,
  /** 审图号 of an approved file, when the uploader gave one. */
  approvalNo: z.string().optional(),
  features: GeoFeatureCollection,
})
export type GeoShape = z.infer<typeof GeoShape>

export const GeoParam = z.object({ adcode: JurisdictionCode })

/** The multipart form of `PUT /api/v1/admin/geo/{adcode}`: the file and an optional 审图号. */
export const AdminGeoUploadFields = z.object({
  approvalNo: z.string().trim().max(MAX_APPROVAL_NO_LENGTH, `审图号不超过 ${MAX_APPROVAL_NO_LENGTH} 个字符`).optional(),
})
