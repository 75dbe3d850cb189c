import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/**
 * Tests import the public entry points (`@hellojohn/js`, …); these aliases point them at the sources so the
 * suite runs without a build and always tests the code as it is in the tree.
 */
export const workspaceAliases = [
  { find: /^@hellojohn\/mock-server\/node$/, replacement: r('./mock-server/src/node.ts') },
  { find: /^@hellojohn\/mock-server\/browser$/, replacement: r('./mock-server/src/browser.ts') },
  { find: /^@hellojohn\/mock-server$/, replacement: r('./mock-server/src/index.ts') },
  { find: /^@hellojohn\/js\/internal$/, replacement: r('./packages/js/src/internal.ts') },
  { find: /^@hellojohn\/js$/, replacement: r('./packages/js/src/index.ts') },
  { find: /^@hellojohn\/node$/, replacement: r('./packages/node/src/index.ts') },
  { find: /^@hellojohn\/react$/, replacement: r('./packages/react/src/index.ts') },
  { find: /^@hellojohn\/vue$/, replacement: r('./packages/vue/src/index.ts') },
  { find: /^@hellojohn\/server-session$/, replacement: r('./packages/server-session/src/index.ts') },
  { find: /^@hellojohn\/nextjs\/server$/, replacement: r('./packages/nextjs/src/server.ts') },
  { find: /^@hellojohn\/nextjs$/, replacement: r('./packages/nextjs/src/index.ts') },
  { find: /^@hellojohn\/testing\/playwright$/, replacement: r('./packages/testing/src/playwright/index.ts') },
  { find: /^@hellojohn\/testing\/vitest$/, replacement: r('./packages/testing/src/vitest/index.ts') },
  { find: /^@hellojohn\/testing\/react$/, replacement: r('./packages/testing/src/react/index.tsx') },
  { find: /^@hellojohn\/testing$/, replacement: r('./packages/testing/src/index.ts') },
]

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'spec', include: ['spec/__tests__/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'mock-server',
          include: ['mock-server/src/__tests__/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: { name: 'js', include: ['packages/js/src/__tests__/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'node', include: ['packages/node/src/__tests__/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'react',
          include: ['packages/react/src/__tests__/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['./vitest.preload-chunks.ts', './packages/react/vitest.testing-library.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server-session',
          include: ['packages/server-session/src/__tests__/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'nextjs',
          include: ['packages/nextjs/src/__tests__/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'vue',
          include: ['packages/vue/src/__tests__/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['./vitest.preload-chunks.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'testing',
          include: ['packages/testing/src/__tests__/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      'packages/react/vitest.react18.config.ts',
    ],
  },
})
