/** How the design canvas meets the wall: whole canvas visible (letterbox), full width, or stretched. */
export type FitMode = 'contain' | 'width' | 'stretch'

export const PANEL_WIDTH = 1920
export const PANEL_HEIGHT = 1080

export interface FitInput {
  /** The browser viewport in CSS pixels (Windows display scaling already divides these). */
  viewportWidth: number
  viewportHeight: number
  devicePixelRatio: number
  mode: FitMode
  /** Panels of 1920×1080 side by side; 'auto' picks as many as the wall's aspect holds (1–4). */
  panels: number | 'auto'
}

export interface Fit {
  panels: number
  designWidth: number
  designHeight: number
  scaleX: number
  scaleY: number
  offsetX: number
  offsetY: number
  /** Pixel ratio charts must draw at to stay sharp after the CSS scale. */
  pixelRatio: number
}

/** A 5760×1080 wall holds three 16:9 panels; a 6656×1792 one two; a 16:9 or 4:3 screen one. */
export const panelsFor = (width: number, height: number) =>
  Math.min(4, Math.max(1, Math.round(width / height / (PANEL_WIDTH / PANEL_HEIGHT))))

export function computeFit(input: FitInput): Fit {
  const vw = Math.max(1, input.viewportWidth)
  const vh = Math.max(1, input.viewportHeight)
  const panels = input.panels === 'auto' ? panelsFor(vw, vh) : Math.min(4, Math.max(1, Math.round(input.panels)))
  const designWidth = PANEL_WIDTH * panels
  const designHeight = PANEL_HEIGHT
  let scaleX: number
  let scaleY: number
  if (input.mode === 'stretch') {
    scaleX = vw / designWidth
    scaleY = vh / designHeight
  } else if (input.mode === 'width') {
    scaleX = scaleY = vw / designWidth
  } else {
    scaleX = scaleY = Math.min(vw / designWidth, vh / designHeight)
  }
  const offsetX = Math.max(0, (vw - designWidth * scaleX) / 2)
  // Full width on a taller screen centres vertically; on a shorter one it keeps the top and clips the rest.
  const offsetY = Math.max(0, (vh - designHeight * scaleY) / 2)
  const dpr = input.devicePixelRatio > 0 ? input.devicePixelRatio : 1
  // Capped: a 4× bitmap of a 5760-wide wall would cost hundreds of MB of canvas for no visible gain.
  const pixelRatio = Math.min(4, Math.max(1, dpr * Math.max(scaleX, scaleY)))
  return {
    panels,
    designWidth,
    designHeight,
    scaleX,
    scaleY,
    offsetX,
    offsetY,
    pixelRatio: Math.round(pixelRatio * 100) / 100,
  }
}
