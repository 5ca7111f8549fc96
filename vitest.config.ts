import { defineConfig } from 'vitest/config'

// Unit tests sit beside the code (*.test.ts); integration tests talk to real PostgreSQL/PGlite/Redis
// and live in their own project (*.int.test.ts) so they can get longer timeouts and a global setup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'seeds/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'apps/*/src/**/*.int.test.ts', 'seeds/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['./packages/db/src/testing/global-setup.ts'],
        },
      },
      {
        test: {
          // Real Chromium (Debian's) against the real API, workers and database; one file at a time.
          name: 'browser',
          include: ['apps/*/e2e/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: [
            './packages/db/src/testing/global-setup.ts',
            './apps/screen/e2e/global-setup.ts',
            './apps/portal/e2e/global-setup.ts',
          ],
        },
      },
    ],
  },
})
