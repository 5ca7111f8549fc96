export { textPdf, wrapLines, zipOf } from './samples.js'
