import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    playwright: 'src/playwright/index.ts',
    vitest: 'src/vitest/index.ts',
    react: 'src/react/index.tsx',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // es2022 keeps `async ({}, use) =>`: Playwright reads a fixture's dependencies from that destructuring pattern
  target: 'es2022',
  external: ['@hellojohn/js', '@hellojohn/mock-server', '@hellojohn/react', 'react', 'vitest', 'otpauth'],
})
