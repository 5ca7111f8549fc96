const encoder = new TextEncoder()

export const utf8Length = (text: string): number => encoder.encode(text).length

/** Cuts text to at most maxBytes of UTF-8 without splitting a character, marking the cut with "…". */
export const truncateUtf8 = (text: string, maxBytes: number): string => {
  if (utf8Length(text) <= maxBytes) return text
  const ellipsis = '…'
  const budget = maxBytes - utf8Length(ellipsis)
  let used = 0
  let out = ''
  // Iterating a string yields whole code points, so surrogate pairs are never split.
  for (const ch of text) {
    const size = utf8Length(ch)
    if (used + size > budget) break
    out += ch
    used += size
  }
  return out + ellipsis
}
