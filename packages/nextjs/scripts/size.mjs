// `pnpm size` for @hellojohn/nextjs: what it adds to a page's client JavaScript over @hellojohn/react, measured in the
// real `next build` output of examples/nextjs (built once, reused when fresh: examples/nextjs/scripts/ensure-build.mjs).
// Every client chunk's bytes are attributed to their original files through the production source maps (like
// source-map-explorer); the provider is in the root layout, so these bytes are on every page. Fails above LIMIT.
// Then, per page of the app, its startup and how much of it is @hellojohn/js: Next's root main files plus the
// chunks its layout and page segments list in the client reference manifest (`entryJSFiles`), i.e. the module
// <script>s of the page's HTML (checked against `next start`'s HTML of /sign-in; Next's polyfill file is a nomodule
// script that modern browsers skip). Every other chunk loads later (dynamic import(), another route).
// Informational: the page budget (8 kB gzip at startup, issue 18) is measured on the Vite pages
// (scripts/size/vite-pages.mjs).
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
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
/** Per chunk file (`static/chunks/…`): its size and the code of each group in it. */
const perFile = new Map()
let total = 0
let totalGzip = 0
for (const file of readdirSync(chunks).filter((f) => f.endsWith('.js'))) {
  const source = readFileSync(join(chunks, file), 'utf8')
  const own = Object.fromEntries(GROUPS.map(([name]) => [name, []]))
  perFile.set(`static/chunks/${file}`, {
    min: Buffer.byteLength(source),
    gzip: gzipSync(source).length,
    code: own,
  })
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
    own[group[0]].push(line.slice(m.column, end))
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

// Per page: what its HTML loads at startup (root main files + its segments' entryJSFiles), the rest is lazy.
const next = join(app, '.next')
const buildManifest = JSON.parse(readFileSync(join(next, 'build-manifest.json'), 'utf8'))
const manifests = []
const findManifests = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) findManifests(path)
    else if (entry.name === 'page_client-reference-manifest.js') manifests.push(path)
  }
}
findManifests(join(next, 'server/app'))
const gzipOf = (texts) => (texts.length ? gzipSync(texts.join('')).length : 0)
console.log(
  "\nPer page (startup = what the page's HTML loads: Next's root main files + the chunks of its layout and page; the other client chunks load later):",
)
for (const file of manifests.sort()) {
  const route = '/' + relative(join(next, 'server/app'), dirname(file)).replaceAll('\\', '/')
  if (/\/_(global-error|not-found)$/.test(route)) continue
  // the manifest is a script that assigns globalThis.__RSC_MANIFEST[route]
  const scope = { __RSC_MANIFEST: {} }
  new Function('globalThis', 'self', readFileSync(file, 'utf8'))(scope, scope)
  const entry = Object.values(scope.__RSC_MANIFEST)[0]
  const startup = new Set(buildManifest.rootMainFiles)
  for (const files of Object.values(entry.entryJSFiles ?? {})) for (const f of files) startup.add(f)
  const files = [...startup].map((f) => perFile.get(f)).filter(Boolean)
  const sdk = files.flatMap((f) => f.code['@hellojohn/js'])
  const lazySdk = [...perFile].filter(([f]) => !startup.has(f)).flatMap(([, f]) => f.code['@hellojohn/js'])
  console.log(
    `  ${(route === '/.' ? '/' : route).padEnd(12)} startup ${kb(files.reduce((n, f) => n + f.gzip, 0)).padStart(9)} gzip in ${files.length} chunks` +
      ` (@hellojohn/js ${kb(gzipOf(sdk))} gzip of it); @hellojohn/js in the ${perFile.size - files.length} other chunks ${kb(gzipOf(lazySdk))} gzip`,
  )
}

if (added.min === 0) {
  console.error('no bytes attributed to @hellojohn/nextjs: are the production source maps missing?')
  process.exit(1)
}
if (added.gzip > LIMIT) process.exit(1)
