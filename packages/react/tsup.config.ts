import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  external: ['react', '@hellojohn/js'],
  // no rollup treeshake pass: it strips the entry's 'use client' directive, which esbuild keeps (React Server Components)
})
