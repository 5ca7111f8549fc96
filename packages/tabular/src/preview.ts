const LIMIT = 20

/**
 * A short, single-line rendering of user text for quoting inside a message: control characters
 * would break log lines and table cells, and a long paste would drown the reason.
 */
export function preview(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
  const flat = s.replace(/[\u0000-\u001F\u007F]+/g, ' ')
  return flat.length > LIMIT ? `${flat.slice(0, LIMIT)}…` : flat
}
