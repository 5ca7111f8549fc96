import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Env var through which the global setup hands the migrated PGlite template to test files. */
export const TEMPLATE_ENV = 'COCKPIT_PGLITE_TEMPLATE'
export const defaultTemplatePath = () => join(tmpdir(), `cockpit-pglite-template-${process.pid}.tar`)
