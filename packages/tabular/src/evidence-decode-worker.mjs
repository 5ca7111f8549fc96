// Decodes one evidence file in a worker thread, so a large picture or PDF never stalls the API's event
// loop. Plain JavaScript on purpose: a worker started from a .ts file would need a loader. The caller
// (evidence-check.ts) says what the bytes claim to be; this answers whether a real parser agrees.
import { parentPort, workerData } from 'node:worker_threads'
import jpeg from 'jpeg-js'
import pngjs from 'pngjs'

/** @param {{ kind: 'pdf' | 'png' | 'jpeg', bytes: Uint8Array, maxMegapixels: number }} job */
async function decode({ kind, bytes, maxMegapixels }) {
  if (kind === 'png') {
    const image = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { checkCRC: true })
    return { width: image.width, height: image.height }
  }
  if (kind === 'jpeg') {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: maxMegapixels,
      maxMemoryUsageInMB: 1024,
      tolerantDecoding: false,
    })
    return { width: image.width, height: image.height }
  }
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await getDocument({
    data: bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: true,
    verbosity: 0,
  }).promise
  try {
    if (doc.numPages < 1) throw new Error('no pages')
    // Every page object must resolve: a stub after a PDF header has none to give.
    for (let n = 1; n <= doc.numPages; n++) await doc.getPage(n)
    return { pages: doc.numPages }
  } finally {
    await doc.destroy()
  }
}

decode(workerData).then(
  (facts) => parentPort.postMessage({ ok: true, facts }),
  (e) => parentPort.postMessage({ ok: false, reason: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
)
