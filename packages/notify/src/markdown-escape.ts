/**
 * Neutralises characters that DingTalk or WeCom markdown would read as markup (emphasis, links, headings,
 * quotes, WeCom's <font> and <@userid> tags). Neither robot documents backslash escapes, so each is swapped
 * for its full-width twin: a Chinese reader sees the same character, and no indicator name or note can
 * restyle the message or forge a mention. Line breaks collapse for the same reason.
 */
const fullWidth: Record<string, string> = {
  '*': '＊',
  _: '＿',
  '`': '｀',
  '~': '～',
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '\\': '＼',
}

export const escapeMarkdown = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[*_`~[\]<>#\\]/g, (ch) => fullWidth[ch] ?? ch)

/** A link target inside "(…)": characters that would end the target early are percent-encoded. */
export const escapeLinkTarget = (url: string): string =>
  url.trim().replace(/[\s()<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
