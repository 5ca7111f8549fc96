export * from './hostile-corpus.js'
export { deflateRepeated, writeZip, type ZipPart } from './zip-writer.js'
export { tinyJpeg, tinyPdf, tinyPng } from './evidence-samples.js'
