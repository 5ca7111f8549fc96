/**
 * Chinese IMEs type digits, signs and punctuation in full width (８０％, ０．８, －5, 1，234, ＊).
 * Folding them to ASCII first lets every parser below work on one alphabet.
 */
export function toHalfWidth(s: string): string {
  return (
    s
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\u3000/g, ' ')
      // Look-alikes that Word and some IMEs substitute: the minus sign and the small percent sign.
      .replace(/\u2212/g, '-')
      .replace(/\uFE6A/g, '%')
  )
}
