import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'

/**
 * Small but real evidence files for tests: each one opens in its format's parser. (A "%PDF-1.4" line
 * with nothing behind it no longer passes for a PDF.)
 */
export function tinyPdf(title = '佐证材料'): Uint8Array<ArrayBuffer> {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Title <FEFF${Buffer.from(title, 'utf16le').swap16().toString('hex').toUpperCase()}> >>`,
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new Uint8Array(Buffer.from(out, 'latin1'))
}

/** A width × height picture of one colour. */
export function tinyPng(width = 16, height = 16): Uint8Array<ArrayBuffer> {
  const png = new PNG({ width, height })
  png.data.fill(0x80)
  return new Uint8Array(PNG.sync.write(png))
}

export function tinyJpeg(width = 16, height = 16): Uint8Array<ArrayBuffer> {
  const data = Buffer.alloc(width * height * 4, 0x80)
  return new Uint8Array(jpeg.encode({ data, width, height }, 80).data)
}
