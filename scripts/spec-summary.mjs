#!/usr/bin/env node
// Prints what spec/openapi.json contains: operations per family and per security scheme.
import { readFileSync } from 'node:fs'

const spec = JSON.parse(readFileSync(new URL('../spec/openapi.json', import.meta.url), 'utf8'))
const byTag = new Map()
const byScheme = new Map()
let total = 0
for (const item of Object.values(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!op.operationId) continue
    total++
    byTag.set(op.tags[0], (byTag.get(op.tags[0]) ?? 0) + 1)
    const scheme = op.security.length ? Object.keys(op.security[0])[0] : 'none'
    byScheme.set(scheme, (byScheme.get(scheme) ?? 0) + 1)
    void method
  }
}
console.log(`${spec.info.title} ${spec.info.version} — OpenAPI ${spec.openapi}`)
console.log(
  `${Object.keys(spec.paths).length} paths, ${total} operations, ${Object.keys(spec.components.schemas).length} schemas, ${Object.keys(spec.webhooks ?? {}).length} webhook events\n`,
)
console.log('operations per family:')
for (const tag of spec.tags)
  console.log(`  ${tag.name.padEnd(14)} ${String(byTag.get(tag.name) ?? 0).padStart(3)}`)
console.log('\noperations per credential:')
for (const [scheme, n] of byScheme) console.log(`  ${scheme.padEnd(14)} ${String(n).padStart(3)}`)
