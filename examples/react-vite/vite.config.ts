import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))

// Inside this monorepo the @hellojohn packages resolve to their sources, so the example needs no package build and
// picks up changes at once. In your own app, delete `resolve.alias`: the packages resolve from node_modules.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@hellojohn\/mock-server\/browser$/, replacement: repo('mock-server/src/browser.ts') },
      { find: /^@hellojohn\/mock-server$/, replacement: repo('mock-server/src/index.ts') },
      { find: /^@hellojohn\/js\/internal$/, replacement: repo('packages/js/src/internal.ts') },
      { find: /^@hellojohn\/js$/, replacement: repo('packages/js/src/index.ts') },
      { find: /^@hellojohn\/react$/, replacement: repo('packages/react/src/index.ts') },
    ],
    dedupe: ['react', 'react-dom'],
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 5173, strictPort: true },
})
