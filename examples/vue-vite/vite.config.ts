import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url))

// Inside this monorepo the @hellojohn packages resolve to their sources, so the example needs no package build and
// picks up changes at once. In your own app, delete `resolve.alias`: the packages resolve from node_modules.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: [
      { find: /^@hellojohn\/mock-server\/browser$/, replacement: repo('mock-server/src/browser.ts') },
      { find: /^@hellojohn\/mock-server$/, replacement: repo('mock-server/src/index.ts') },
      { find: /^@hellojohn\/js\/internal$/, replacement: repo('packages/js/src/internal.ts') },
      { find: /^@hellojohn\/js$/, replacement: repo('packages/js/src/index.ts') },
      { find: /^@hellojohn\/vue$/, replacement: repo('packages/vue/src/index.ts') },
    ],
    dedupe: ['vue'],
  },
  server: { port: 5174, strictPort: true },
  preview: { port: 5174, strictPort: true },
})
