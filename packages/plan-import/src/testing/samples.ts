import { deflateRawSync } from 'node:zlib'

/**
 * A one-page PDF whose text layer holds the given lines (any Unicode, CJK included): a Type0 font with
 * Identity-H encoding and a ToUnicode map, no embedded glyphs (viewers draw boxes; text extraction reads
 * the map). Small enough to build in a test instead of committing a fixture.
 */
export function textPdf(lines: string[], linesPerPage = 38): Uint8Array {
  const chars = [...new Set(lines.join(''))]
  const cid = (c: string) => (chars.indexOf(c) + 1).toString(16).padStart(4, '0')
  const pages: string[][] = []
  for (let i = 0; i < lines.length; i += linesPerPage) pages.push(lines.slice(i, i + linesPerPage))
  if (!pages.length) pages.push([])
  const bfchar = chars.map((c) => `<${cid(c)}> <${Buffer.from(c, 'utf16le').swap16().toString('hex')}>`)
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    // beginbfchar takes at most 100 entries per block
    ...Array.from(
      { length: Math.ceil(bfchar.length / 100) },
      (_, i) =>
        `${bfchar.slice(i * 100, i * 100 + 100).length} beginbfchar\n${bfchar.slice(i * 100, i * 100 + 100).join('\n')}\nendbfchar`,
    ),
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n')
  // 1 catalog, 2 pages, 3 font, 4 descendant, 5 cmap, 6 descriptor, then a page and its content per page
  const pageIds = pages.map((_, i) => 7 + i * 2)
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 5 0 R >>',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 >>',
    `<< /Length ${Buffer.byteLength(cmap)} >>\nstream\n${cmap}\nendstream`,
    '<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>',
  ]
  pages.forEach((page, i) => {
    const content = page
      .map((l, k) => `BT /F1 12 Tf 50 ${780 - k * 20} Td <${[...l].map(cid).join('')}> Tj ET`)
      .join('\n')
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
    )
    objects.push(`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`)
  })
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'))
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = Buffer.byteLength(out, 'latin1')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new Uint8Array(Buffer.from(out, 'latin1'))
}

/** Lines of text as a PDF's text layer gives them: paragraphs wrapped every `width` characters. */
export const wrapLines = (text: string, width = 38): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .flatMap((l) =>
      Array.from({ length: Math.ceil(l.length / width) }, (_, i) => l.slice(i * width, i * width + width)),
    )

/** A zip with one stored part named `name`; `flags` 1 marks it encrypted. Enough for the archive checks. */
export function zipOf(
  parts: { name: string; data: Buffer; deflate?: boolean; flags?: number; declaredSize?: number }[],
): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const p of parts) {
    const body = p.deflate ? deflateRawSync(p.data) : p.data
    const name = Buffer.from(p.name)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(p.flags ?? 0, 6)
    local.writeUInt16LE(p.deflate ? 8 : 0, 8)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(p.declaredSize ?? p.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(p.flags ?? 0, 8)
    central.writeUInt16LE(p.deflate ? 8 : 0, 10)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(p.declaredSize ?? p.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, body)
    centrals.push(central, name)
    offset += 30 + name.length + body.length
  }
  const dir = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(parts.length, 8)
  eocd.writeUInt16LE(parts.length, 10)
  eocd.writeUInt32LE(dir.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, dir, eocd]))
}
