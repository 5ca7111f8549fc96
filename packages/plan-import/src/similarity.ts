/** Names compared without punctuation, quotes, brackets or spaces. */
export const normaliseName = (s: string) => s.replace(/[\s“”"'‘’《》〈〉()()、,,。.·\-—:]/g, '')

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>()
  const chars = [...s]
  if (chars.length === 1) out.set(s, 1)
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!
    out.set(g, (out.get(g) ?? 0) + 1)
  }
  return out
}

/** Dice coefficient over character bigrams of the normalised names (0 … 1); one inside the other counts high. */
export function nameSimilarity(a: string, b: string): number {
  const x = normaliseName(a)
  const y = normaliseName(b)
  if (!x || !y) return 0
  if (x === y) return 1
  const ga = bigrams(x)
  const gb = bigrams(y)
  let shared = 0
  let total = 0
  for (const [g, n] of ga) {
    shared += Math.min(n, gb.get(g) ?? 0)
    total += n
  }
  for (const n of gb.values()) total += n
  const dice = total ? (2 * shared) / total : 0
  const contained = x.length >= 3 && y.length >= 3 && (x.includes(y) || y.includes(x)) ? 0.8 : 0
  return Math.max(dice, contained)
}
