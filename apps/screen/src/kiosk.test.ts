import { describe, expect, it } from 'vitest'
import { defaultRotation, parseKioskOptions } from './kiosk.js'

describe('kiosk URL', () => {
  it('reads jurisdiction, pages, dwell, theme, fit and the display key from the fragment', () => {
    const o = parseKioskOptions(
      '?j=360100&pages=overview,alerts&dwell=5&theme=blue&fit=stretch&children=1&panels=3',
      '#key=csk_abc',
    )
    expect(o).toMatchObject({
      jurisdiction: '360100',
      pages: ['overview', 'alerts'],
      dwellSeconds: 5,
      theme: 'blue',
      fit: 'stretch',
      rotateChildren: true,
      panels: 3,
      key: 'csk_abc',
      warnings: [],
    })
  })
  it('falls back to defaults and says why instead of showing nothing', () => {
    const o = parseKioskOptions('?j=abc&pages=nope&dwell=-3', '')
    expect(o.jurisdiction).toBeNull()
    expect(o.pages).toEqual(defaultRotation)
    expect(o.dwellSeconds).toBe(20)
    expect(o.warnings).toHaveLength(3)
    expect(o.rotate).toBe(true)
  })
  it('keeps old wall URLs working: "tasks" is the 重点任务督办 page, named once however often it is listed', () => {
    const o = parseKioskOptions('?pages=tasks,milestones,task&task=42', '')
    expect(o.pages).toEqual(['milestones', 'task'])
    expect(o.task).toBe(42)
    expect(o.warnings).toEqual([])
  })
})
