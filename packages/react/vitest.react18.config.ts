import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'
import { workspaceAliases } from '../../vitest.config.ts'

/**
 * The React adapter's tests again, on React 18 (`react-18` / `react-dom-18`, npm aliases of react@18.3.1 and
 * react-dom@18.3.1). Imports processed by Vite are aliased here; CommonJS `require`s inside node_modules
 * (@testing-library/react, react-dom) are redirected by the setup file.
 */
const dir = (p: string) => realpathSync(fileURLToPath(new URL(p, import.meta.url)))
const react18 = dir('./node_modules/react-18')
const reactDom18 = dir('./node_modules/react-dom-18')

export default defineProject({
  root: dir('.'),
  resolve: {
    alias: [
      { find: /^react$/, replacement: react18 },
      { find: /^react\/(.+)$/, replacement: `${react18}/$1` },
      { find: /^react-dom$/, replacement: reactDom18 },
      { find: /^react-dom\/(.+)$/, replacement: `${reactDom18}/$1` },
      ...workspaceAliases,
    ],
  },
  test: {
    name: 'react18',
    include: ['src/__tests__/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    setupFiles: [
      './vitest.react18.setup.ts',
      '../../vitest.preload-chunks.ts',
      './vitest.testing-library.ts',
    ],
    env: { HELLOJOHN_EXPECT_REACT: '18' },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
