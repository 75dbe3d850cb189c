import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  treeshake: true,
  external: ['react', '@hellojohn/js'],
  // bundling drops the per-file directives; the whole entry is client code (React Server Components)
  banner: { js: "'use client'" },
})
