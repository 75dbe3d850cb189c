import { defineConfig } from 'vitest/config'
import { workspaceAliases } from '../vitest.config.ts'

/**
 * Only the Next.js e2e, without the shared global setup (it starts its own mock and `next start`):
 * `E2E_PORT_BASE=19600 npx vitest run --config e2e/nextjs.vitest.config.ts`. The full e2e config runs it too.
 */
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    name: 'e2e-nextjs',
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/nextjs*.e2e.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})
