import type { BrowserContext, Page } from 'playwright-core'

/**
 * Records every Content-Security-Policy violation in the pages of a context: the document's
 * `securitypolicyviolation` events (registered before any script of the page runs) and the console lines
 * Chromium writes for them (which also cover violations reported outside the document, such as workers).
 */
export async function watchCsp(context: BrowserContext) {
  const console: string[] = []
  const pages: Page[] = []
  await context.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __cspViolations: string[] }).__cspViolations = seen
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
      ),
    )
  })
  const follow = (page: Page) => {
    pages.push(page)
    page.on('console', (m) => void (m.text().includes('Content Security Policy') && console.push(m.text())))
  }
  context.pages().forEach(follow)
  context.on('page', follow)
  return {
    /** Everything blocked so far, from every page still open. */
    async violations(): Promise<string[]> {
      const fromPages = await Promise.all(
        pages
          .filter((p) => !p.isClosed())
          .map((p) =>
            p
              .evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])
              .catch(() => []),
          ),
      )
      return [...fromPages.flat(), ...console]
    },
  }
}
