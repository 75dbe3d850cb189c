import { defineConfig } from 'vitest/config'
import { workspaceAliases } from '../vitest.config.ts'

/**
 * End-to-end tests in Debian's Chromium (playwright-core, never a downloaded browser), against the built examples,
 * the standalone mock server and the Node example. One worker, one file at a time: the tests share the servers.
 *
 * Run: `npx vitest run --config e2e/vitest.config.ts` (root script `test:e2e`).
 */
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'e2e',
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
