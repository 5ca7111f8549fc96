/**
 * Standard competition ranks ("1224"): equal figures share a rank and the next rank skips. Items without a
 * figure get null and are never ranked ahead of one that has it. `better` says which of two figures ranks first.
 */
export function competitionRanks<T>(
  items: readonly T[],
  figure: (item: T) => number | null,
  order: 'desc' | 'asc',
): (number | null)[] {
  const present = items
    .map((item, index) => ({ index, v: figure(item) }))
    .filter((x): x is { index: number; v: number } => x.v !== null && Number.isFinite(x.v))
    .sort((a, b) => (order === 'desc' ? b.v - a.v : a.v - b.v))
  const ranks: (number | null)[] = items.map(() => null)
  present.forEach((x, i) => {
    const prev = present[i - 1]
    ranks[x.index] = prev && prev.v === x.v ? (ranks[prev.index] as number) : i + 1
  })
  return ranks
}
