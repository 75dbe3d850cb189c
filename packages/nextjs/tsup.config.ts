import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', server: 'src/server.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
  target: 'es2022',
  external: ['react', 'next', /^next\//, '@hellojohn/js', '@hellojohn/react', '@hellojohn/server-session'],
  // no rollup treeshake pass: it strips the client entry's 'use client' directive, which esbuild keeps
})
