#!/usr/bin/env node
// Writes spec/openapi.json from spec/src/. `node spec/build.mjs --check` exits 1 when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildDocument } from './src/document.mjs'

const target = fileURLToPath(new URL('./openapi.json', import.meta.url))
const text = JSON.stringify(buildDocument(), null, 2) + '\n'

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8')
  if (current !== text) {
    console.error('spec/openapi.json is out of date with spec/src: run `pnpm generate`.')
    process.exit(1)
  }
  console.log('spec/openapi.json is up to date.')
} else {
  writeFileSync(target, text)
  const doc = JSON.parse(text)
  const ops = Object.values(doc.paths).flatMap((p) => Object.keys(p)).length
  console.log(`spec/openapi.json: ${Object.keys(doc.paths).length} paths, ${ops} operations`)
}
