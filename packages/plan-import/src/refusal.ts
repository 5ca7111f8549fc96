export type RefusalReason =
  | 'not-a-plan'
  | 'too-large'
  | 'image-only-pdf'
  | 'encrypted'
  | 'zip-bomb'
  | 'corrupt'
  | 'unsupported-format'
  | 'not-text'

/** A document the importer will not read, with the reason in Chinese for the person who uploaded it. */
export class PlanImportError extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message)
    this.name = 'PlanImportError'
  }
}
