// `pnpm size` for @hellojohn/nextjs: what it adds to a page's client JavaScript over @hellojohn/react, measured in the
// real `next build` output of examples/nextjs (built once, reused when fresh: examples/nextjs/scripts/ensure-build.mjs).
// Every client chunk's bytes are attributed to their original files through the production source maps (like
// source-map-explorer); the provider is in the root layout, so these bytes are on every page. Fails above LIMIT.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { SourceMapConsumer } from 'source-map-js'
import { ensureBuild } from '../../../examples/nextjs/scripts/ensure-build.mjs'

/** Budget of what @hellojohn/nextjs adds, gzip bytes. */
const LIMIT = 1024
const GROUPS = [
  ['@hellojohn/nextjs', /\/packages\/nextjs\//],
  ['@hellojohn/react', /\/packages\/react\//],
  ['@hellojohn/js', /\/packages\/js\//],
  ['react + react-dom', /node_modules\/.*\/(react|react-dom|scheduler)\//],
  ['next (client runtime)', /node_modules\/.*\/next\//],
]

const app = ensureBuild({ log: (m) => console.error(m) })
const chunks = join(app, '.next/static/chunks')
const code = Object.fromEntries(GROUPS.map(([name]) => [name, []]))
let total = 0
let totalGzip = 0
for (const file of readdirSync(chunks).filter((f) => f.endsWith('.js'))) {
  const source = readFileSync(join(chunks, file), 'utf8')
  total += Buffer.byteLength(source)
  totalGzip += gzipSync(source).length
  // the map's name is in the chunk's sourceMappingURL comment (Turbopack hashes it separately)
  const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(source)?.[1]
  if (url === undefined) continue
  const map = JSON.parse(readFileSync(join(chunks, decodeURIComponent(url)), 'utf8'))
  // Turbopack writes index maps (sections at offsets): put every mapping in absolute chunk positions first, so a
  // segment ends where the next one starts, whichever section that belongs to.
  const sections = map.sections ?? [{ offset: { line: 0, column: 0 }, map }]
  const all = []
  for (const { offset, map: section } of sections) {
    new SourceMapConsumer(section).eachMapping((m) => {
      const line = m.generatedLine - 1 + offset.line
      const column = m.generatedColumn + (m.generatedLine === 1 ? offset.column : 0)
      all.push({ line, column, source: m.source })
    })
  }
  all.sort((a, b) => a.line - b.line || a.column - b.column)
  const lines = source.split('\n')
  for (let i = 0; i < all.length; i++) {
    const m = all[i]
    const group = m.source ? GROUPS.find(([, re]) => re.test(m.source)) : undefined
    if (!group) continue
    const next = all[i + 1]
    const line = lines[m.line] ?? ''
    const end = next && next.line === m.line ? next.column : line.length
    code[group[0]].push(line.slice(m.column, end))
  }
}

const kb = (n) => `${(n / 1024).toFixed(2)} kB`
const rows = GROUPS.map(([name]) => {
  const text = code[name].join('')
  return { name, min: Buffer.byteLength(text), gzip: text === '' ? 0 : gzipSync(text).length }
})
console.log(
  `Client JavaScript of examples/nextjs (next build, all client chunks: ${kb(total)} min, ${kb(totalGzip)} gzip per chunk summed)`,
)
console.log('attributed by source map to:')
for (const r of rows)
  console.log(`  ${r.name.padEnd(24)} ${kb(r.min).padStart(10)} min  ${kb(r.gzip).padStart(9)} gzip`)
const added = rows[0]
console.log(
  `\n@hellojohn/nextjs adds ${kb(added.gzip)} gzip (${kb(added.min)} min) over @hellojohn/react (limit ${kb(LIMIT)})`,
)
if (added.min === 0) {
  console.error('no bytes attributed to @hellojohn/nextjs: are the production source maps missing?')
  process.exit(1)
}
if (added.gzip > LIMIT) process.exit(1)
