import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MAX_APPROVAL_NO_LENGTH, MAX_BOUNDARY_BYTES, type GeoShape } from '@cockpit/contracts'
import type { Database } from '@cockpit/db'
import { checkBoundaryFile, schematicTiles, type BoundaryCollection, type PlaceRef } from '@cockpit/domain'
import type { Kysely } from 'kysely'
import { assertAdmin, bodyField } from '../../kernel/admin-guards.js'
import { auditWrite } from '../../kernel/admin-write.js'
import type { ServiceContext } from '../../kernel/context.js'
import { inScope, readScope } from '../../kernel/scope.js'
import { forbidden, notFound, ServiceError } from '../../kernel/errors.js'

export interface GeoOptions {
  /** The shipped folder of `<adcode>.geojson` files (null: none); a licensed source can be dropped in later. */
  shippedDir: string | null
}

async function placeOf(db: Kysely<Database>, code: string): Promise<PlaceRef> {
  const row = await db.selectFrom('jurisdictions').select(['code', 'name']).where('code', '=', code).executeTakeFirst()
  if (!row) throw notFound(`行政区划 ${code} `)
  return row
}

/** The children a map of `code` draws: those not retired, by adcode. */
export async function mapChildren(db: Kysely<Database>, code: string): Promise<PlaceRef[]> {
  return db
    .selectFrom('jurisdictions')
    .select(['code', 'name'])
    .where('parent_code', '=', code)
    .where('retired_at', 'is', null)
    .orderBy('code')
    .execute()
}

/** A shipped file for `code`, checked against the tree like an upload; null when there is none or it no longer fits. */
export async function shippedBoundary(
  dir: string | null,
  parent: PlaceRef,
  children: PlaceRef[],
): Promise<BoundaryCollection | null> {
  if (!dir || !/^\d{6}$/.test(parent.code)) return null
  let text: string
  try {
    text = await readFile(join(dir, `${parent.code}.geojson`), 'utf8')
  } catch {
    return null
  }
  const checked = checkBoundaryFile(text, parent, children)
  return checked.ok ? checked.collection : null
}

/** Names follow the tree (a rename shows at once); a stored shape for a child since retired is left out. */
function withTreeNames(fc: BoundaryCollection, children: PlaceRef[]): BoundaryCollection {
  const names = new Map(children.map((c) => [c.code, c.name]))
  return {
    type: 'FeatureCollection',
    features: fc.features
      .filter((f) => names.has(f.properties.adcode))
      .map((f) => ({ ...f, properties: { adcode: f.properties.adcode, name: names.get(f.properties.adcode)! } })),
  }
}

async function shapeOf(db: Kysely<Database>, parent: PlaceRef, opts: GeoOptions): Promise<GeoShape> {
  const children = await mapChildren(db, parent.code)
  const stored = await db
    .selectFrom('boundary_files')
    .select(['geojson', 'approval_no'])
    .where('jurisdiction_code', '=', parent.code)
    .executeTakeFirst()
  if (stored) {
    const fc = withTreeNames(JSON.parse(stored.geojson) as BoundaryCollection, children)
    return {
      adcode: parent.code,
      name: parent.name,
      source: 'approved',
      ...(stored.approval_no ? { approvalNo: stored.approval_no } : {}),
      features: fc,
    }
  }
  const shipped = await shippedBoundary(opts.shippedDir, parent, children)
  if (shipped) return { adcode: parent.code, name: parent.name, source: 'shipped', features: shipped }
  return { adcode: parent.code, name: parent.name, source: 'schematic', features: schematicTiles(children) }
}

/**
 * The shapes of a jurisdiction's children for the map: an approved upload, else a shipped file, else the schematic
 * tile map. Any caller whose read scope covers the jurisdiction; a known one outside it is 403 (codes are public).
 */
export async function getGeoShape(ctx: ServiceContext, adcode: string, opts: GeoOptions): Promise<GeoShape> {
  const { db } = ctx
  const parent = await placeOf(db, adcode)
  if (!inScope(readScope(ctx.principal), adcode))
    throw forbidden(`无权查看行政区划 ${adcode} 的地图(不在当前账号的辖区内)`)
  return shapeOf(db, parent, opts)
}

export interface BoundaryUpload {
  bytes: Uint8Array
  approvalNo: string | null
}

/**
 * Replaces the shapes of `adcode`'s children with an approved boundary file: checked (GeoJSON polygons, every
 * non-retired child exactly once, nothing else), cleaned to coordinates and {adcode, name}, stored and audited.
 */
export async function putBoundaryFile(
  ctx: ServiceContext,
  adcode: string,
  upload: BoundaryUpload,
  opts: GeoOptions,
): Promise<GeoShape> {
  const { db, principal } = ctx
  assertAdmin(principal)
  if (upload.bytes.length > MAX_BOUNDARY_BYTES)
    throw new ServiceError('too_large', `边界文件超过 ${MAX_BOUNDARY_BYTES / 1024 / 1024} MB 上限`)
  const approvalNo = upload.approvalNo?.trim() || null
  if (approvalNo && approvalNo.length > MAX_APPROVAL_NO_LENGTH)
    throw bodyField('approvalNo', `审图号不超过 ${MAX_APPROVAL_NO_LENGTH} 个字符`)
  const parent = await placeOf(db, adcode)
  const children = await mapChildren(db, adcode)
  if (children.length === 0) throw bodyField('file', `${parent.name}(${adcode})没有下级区划,无需边界文件`)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(upload.bytes)
  } catch {
    throw bodyField('file', '文件不是 UTF-8 文本')
  }
  const checked = checkBoundaryFile(text.replace(/^\uFEFF/, ''), parent, children)
  if (!checked.ok) throw bodyField('file', checked.problems.join(';'))
  const geojson = JSON.stringify(checked.collection)
  const sha256 = createHash('sha256').update(geojson).digest('hex')
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('boundary_files')
      .select(['sha256', 'approval_no', 'bytes'])
      .where('jurisdiction_code', '=', adcode)
      .executeTakeFirst()
    const values = {
      geojson,
      bytes: upload.bytes.length,
      sha256,
      approval_no: approvalNo,
      uploaded_by: principal.userId,
      uploaded_at: ctx.now,
    }
    await trx
      .insertInto('boundary_files')
      .values({ jurisdiction_code: adcode, ...values })
      .onConflict((oc) => oc.column('jurisdiction_code').doUpdateSet(values))
      .execute()
    await auditWrite(
      { ...ctx, db: trx },
      {
        action: 'geo.upload',
        entity: 'geo',
        entityId: adcode,
        before: before ? { sha256: before.sha256, approvalNo: before.approval_no, bytes: before.bytes } : null,
        after: { sha256, approvalNo, bytes: upload.bytes.length, features: checked.collection.features.length },
      },
    )
  })
  return shapeOf(db, parent, opts)
}

/** Removes the approved file: the map returns to the shipped file or the schematic. */
export async function deleteBoundaryFile(ctx: ServiceContext, adcode: string, opts: GeoOptions): Promise<GeoShape> {
  const { db } = ctx
  assertAdmin(ctx.principal)
  const parent = await placeOf(db, adcode)
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .deleteFrom('boundary_files')
      .where('jurisdiction_code', '=', adcode)
      .returning(['sha256', 'approval_no', 'bytes'])
      .executeTakeFirst()
    if (!before) throw notFound(`${parent.name}(${adcode})的审图号边界文件`)
    await auditWrite(
      { ...ctx, db: trx },
      {
        action: 'geo.delete',
        entity: 'geo',
        entityId: adcode,
        before: { sha256: before.sha256, approvalNo: before.approval_no, bytes: before.bytes },
      },
    )
  })
  return shapeOf(db, parent, opts)
}
