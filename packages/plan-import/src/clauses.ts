/** A stretch of a paragraph's text with its offsets, so a proposal can quote exactly what it read. */
export interface Span {
  text: string
  start: number
  end: number
}

/** Sentences end at 。;!? (full and half width); a closing quote or bracket right after stays with the sentence. */
export function sentences(text: string): Span[] {
  return splitKeep(text, /[。;;!?!?]+[”’」』)〕\]]*/g)
}

/** Clauses inside a sentence, split at commas and colons (not at 、, which joins items of one list). */
export function clauses(sentence: Span): Span[] {
  return splitKeep(sentence.text, /[,,::]/g).map((c) => ({
    text: c.text,
    start: sentence.start + c.start,
    end: sentence.start + c.end,
  }))
}

function splitKeep(text: string, separator: RegExp): Span[] {
  const out: Span[] = []
  let from = 0
  const push = (to: number) => {
    let a = from
    let b = to
    while (a < b && /\s/.test(text[a]!)) a++
    while (b > a && /[\s,,::。;;!?!?]/.test(text[b - 1]!)) b--
    if (b > a) out.push({ text: text.slice(a, b), start: a, end: b })
  }
  for (const m of text.matchAll(separator)) {
    push(m.index! + m[0].length)
    from = m.index! + m[0].length
  }
  push(text.length)
  return out
}
