/**
 * n × 10^places computed on the decimal text rather than by multiplying, so 0.07 becomes 7 and
 * not 7.000000000000001, and 1.2 亿 becomes 120000000 exactly.
 */
export function shiftDecimal(n: number, places: number): number {
  const [mantissa, exp = '0'] = String(n).split('e')
  return Number(`${mantissa}e${Number(exp) + places}`)
}
