import { defineConfig } from 'tsup'

export default defineConfig({
  // internal: plumbing for the sibling packages (not public, semver-exempt; see src/internal.ts)
  entry: { index: 'src/index.ts', internal: 'src/internal.ts' },
  format: ['esm', 'cjs'],
  // both entries share one copy of every module in CJS too (one HelloJohnError class, one config), as in ESM
  splitting: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
})
