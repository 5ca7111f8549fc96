/**
 * Text destined for a spreadsheet cell, made inert. Excel, WPS and LibreOffice treat a cell that
 * starts with = + - @ (or a tab / carriage return before them) as a formula when the file is saved as
 * CSV and reopened or when someone edits the cell, so such text gets a leading apostrophe (the
 * OWASP CSV-injection advice). Control characters other than tab and newline are dropped because
 * XML 1.0 forbids them and Excel refuses to open a workbook containing them.
 */
export function safeCellText(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this strips
  const clean = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  return /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean
}
