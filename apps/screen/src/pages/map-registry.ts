import { echarts } from '@cockpit/web-kit/echarts'

// ECharts keeps every registered map for the page's life: the same shapes reuse their name (a wall refetches
// them for weeks), and changed shapes (an approved upload) get a new name so a chart showing them redraws.
const registeredByContent = new Map<string, string>()

/** A 53-bit string hash (cyrb53): the key, so a large approved file's text is not kept twice. */
function hash53(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

/** Registers a FeatureCollection for `adcode` once per distinct content and answers the name to draw it by. */
export function registeredMapName(shape: { adcode: string; features: unknown }): string {
  const content = `${shape.adcode}:${hash53(JSON.stringify(shape.features))}`
  let name = registeredByContent.get(content)
  if (!name) {
    name = `geo-${shape.adcode || 'all'}-${registeredByContent.size + 1}`
    echarts.registerMap(name, shape.features as never)
    registeredByContent.set(content, name)
  }
  return name
}
