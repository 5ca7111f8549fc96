import { describe, expect, it } from 'vitest'
import { computeFit, panelsFor } from './fit.js'

const fit = (w: number, h: number, dpr = 1, mode: 'contain' | 'width' | 'stretch' = 'contain') =>
  computeFit({ viewportWidth: w, viewportHeight: h, devicePixelRatio: dpr, mode, panels: 'auto' })

describe('fitting the design canvas to a wall', () => {
  it('fills a 16:9 screen exactly at any size and draws charts at the scaled pixel ratio', () => {
    for (const [w, h] of [
      [1920, 1080],
      [3840, 2160],
      [1366, 768],
    ] as const) {
      const f = fit(w, h)
      expect(f.panels).toBe(1)
      expect(f.designWidth * f.scaleX).toBeLessThanOrEqual(w + 0.001)
      expect(f.designHeight * f.scaleY).toBeLessThanOrEqual(h + 0.001)
      expect(Math.max(w - f.designWidth * f.scaleX, h - f.designHeight * f.scaleY)).toBeLessThan(2)
    }
    expect(fit(3840, 2160).pixelRatio).toBe(2)
  })
  it('keeps charts sharp under Windows display scaling of 125% and 150%', () => {
    // A 1920×1080 monitor at 150% reports a 1280×720 viewport with devicePixelRatio 1.5.
    const f = fit(1280, 720, 1.5)
    expect(f.scaleX).toBeCloseTo(2 / 3)
    expect(f.pixelRatio).toBeCloseTo(1)
    expect(fit(1536, 864, 1.25).pixelRatio).toBeCloseTo(1)
  })
  it('uses panels side by side on walls that are not 16:9', () => {
    expect(panelsFor(5760, 1080)).toBe(3)
    expect(panelsFor(6656, 1792)).toBe(2)
    expect(panelsFor(1024, 768)).toBe(1)
    const wall = fit(5760, 1080)
    expect(wall.designWidth).toBe(5760)
    expect(wall.scaleX).toBe(1)
    const spliced = fit(6656, 1792)
    expect(spliced.designWidth * spliced.scaleX).toBeLessThanOrEqual(6656)
    expect(spliced.designHeight * spliced.scaleY).toBeCloseTo(1792)
  })
  it('letterboxes, fills the width or stretches as asked', () => {
    const contain = computeFit({
      viewportWidth: 1920,
      viewportHeight: 1200,
      devicePixelRatio: 1,
      mode: 'contain',
      panels: 1,
    })
    expect(contain.offsetY).toBeCloseTo(60)
    const stretch = computeFit({
      viewportWidth: 1920,
      viewportHeight: 1200,
      devicePixelRatio: 1,
      mode: 'stretch',
      panels: 1,
    })
    expect(stretch.scaleY).toBeCloseTo(1200 / 1080)
    expect(stretch.offsetY).toBe(0)
    const width = computeFit({
      viewportWidth: 1600,
      viewportHeight: 1200,
      devicePixelRatio: 1,
      mode: 'width',
      panels: 1,
    })
    expect(width.scaleX).toBeCloseTo(1600 / 1920)
  })
})
