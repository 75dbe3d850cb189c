#!/usr/bin/env node
// `pnpm size`, part 2 (issue 18 item 5): what a page really loads, measured in real Vite production builds of three
// small pages (scripts/size/pages/) as an app would build them:
//   (a) signin      createHelloJohn + hj.auth.signIn + hj.session.subscribe
//   (b) totp        (a) plus hj.mfa.submitTOTP                                  budget: startup <= 8 kB gzip
//   (c) react-hooks @hellojohn/react: HelloJohnProvider + useSession + useMFA (react-dom included)
// "On any Vite 8": every page is built with EACH Vite of VITES below: the workspace's (examples/react-vite's, the
// examples' bundler) and the newest Vite 8 (the root devDependency `vite-8-4`, an npm alias pinned to an exact version
// so the examples and vitest keep theirs). Bump the alias when a newer Vite 8 ships (`npm view vite versions`).
// Page (c) uses the examples' @vitejs/plugin-react with both; its only import from `vite` is `createFilter`.
// Each page is built on its own from a throwaway project whose node_modules links the BUILT packages (packages/js,
// packages/react: resolved through their package.json `exports` to dist/, exactly like an installed package), so run
// `pnpm build` first.
// "startup" = the HTML entry chunk plus every chunk it imports statically (transitively): what loads before the page
// runs. Every other chunk is lazy (a dynamic import(), loaded on first use) and listed with its size. Sizes are the
// minified files Vite writes, gzip with zlib's default level. Each chunk is labelled with the SDK source modules whose
// code it holds (Vite's hidden source maps, traced through the packages' own dist/*.map back to src/), so the entry
// row says what loads at startup.
// Fails when page (b)'s startup exceeds the budget with any of the Vites, or when any Vite/Rolldown prints a warning
// (a user would see it too, e.g. INEFFECTIVE_DYNAMIC_IMPORT when a module is imported both statically and
// dynamically).
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { createRequire, SourceMap } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PAGES = fileURLToPath(new URL('./pages/', import.meta.url))
/** Budget of page (b)'s startup, gzip bytes (issue 4 / issue 18). */
const BUDGET = 8 * 1024

const requireFromExample = createRequire(join(ROOT, 'examples/react-vite/package.json'))
const requireFromRoot = createRequire(join(ROOT, 'package.json'))
const react = (await import(pathToFileURL(requireFromExample.resolve('@vitejs/plugin-react')).href)).default

/** The Vites every page is built with: where each comes from, and its package.json. */
const resolveVite = (from, require, name) => {
  try {
    return { from, pkg: require.resolve(`${name}/package.json`) }
  } catch {
    console.error(`size: ${name} (${from}) is not installed: run \`npx -y pnpm@10 install\``)
    process.exit(1)
  }
}
const VITES = [
  resolveVite("the workspace's (examples/react-vite)", requireFromExample, 'vite'),
  resolveVite('the newest Vite 8 (root devDependency vite-8-4)', requireFromRoot, 'vite-8-4'),
]
for (const v of VITES) {
  v.version = JSON.parse(readFileSync(v.pkg, 'utf8')).version
  if (!v.version.startsWith('8.')) {
    console.error(`size: ${v.from} is Vite ${v.version}: this check measures Vite 8 (update VITES)`)
    process.exit(1)
  }
  v.vite = await import(pathToFileURL(join(dirname(v.pkg), 'dist/node/index.js')).href)
}

for (const pkg of ['packages/js/dist/index.js', 'packages/react/dist/index.js']) {
  if (!existsSync(join(ROOT, pkg))) {
    console.error(`size: ${pkg} is missing: run \`npx -y pnpm@10 build\` first`)
    process.exit(1)
  }
}

/** What the throwaway project's node_modules links to (real paths, as pnpm's symlinks resolve). */
const reactDir = join(ROOT, 'packages/react/node_modules')
const LINKS = {
  '@hellojohn/js': join(ROOT, 'packages/js'),
  '@hellojohn/react': join(ROOT, 'packages/react'),
  react: realpathSync(join(reactDir, 'react')),
  'react-dom': realpathSync(join(reactDir, 'react-dom')),
}

const PAGE_LIST = [
  { name: 'signin', what: '(a) createHelloJohn + signIn + session.subscribe' },
  { name: 'totp', what: '(b) (a) + mfa.submitTOTP', budget: BUDGET },
  { name: 'react-hooks', what: '(c) HelloJohnProvider + useSession + useMFA (react-dom included)' },
]

const gz = (code) => gzipSync(code).length
const kb = (n) => `${(n / 1024).toFixed(2)} kB`

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
/** The (source index, original line, original column) of every segment of a source map's `mappings` (VLQ). */
function* mappedPositions(mappings) {
  const at = [0, 0, 0, 0]
  for (const line of mappings.split(';')) {
    at[0] = 0 // the generated column restarts on each line
    for (const segment of line.split(',')) {
      if (!segment) continue
      const fields = []
      let value = 0
      let shift = 0
      for (const char of segment) {
        const digit = B64.indexOf(char)
        value += (digit & 31) << shift
        if (digit & 32) {
          shift += 5
          continue
        }
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1)
        value = 0
        shift = 0
      }
      fields.forEach((delta, i) => {
        if (i < 4) at[i] += delta
      })
      if (fields.length >= 4) yield [at[1], at[2], at[3]]
    }
  }
}
const distMaps = new Map()
/** The source map of a built package file (tsup writes one next to each), or undefined. */
const distMap = (file) => {
  if (!distMaps.has(file)) {
    let map
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')))
    } catch {
      map = undefined
    }
    distMaps.set(file, map)
  }
  return distMaps.get(file)
}

/** Builds one page, returns its chunks split into startup and lazy, and every warning Vite printed. */
async function buildPage(vite, page, work) {
  const root = join(work, page.name)
  cpSync(join(PAGES, page.name), root, { recursive: true })
  const warnings = []
  const logger = vite.createLogger('warn', { allowClearScreen: false })
  const record = (msg) => warnings.push(String(msg).trim())
  logger.warn = record
  logger.warnOnce = record
  logger.error = (msg) => warnings.push(`error: ${String(msg).trim()}`)
  await vite.build({
    root,
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    plugins: page.name === 'react-hooks' ? [react()] : [],
    build: {
      outDir: join(root, 'dist'),
      emptyOutDir: true,
      manifest: true,
      // maps without a sourceMappingURL comment (the measured files stay as users ship them): they say which SDK
      // modules each chunk holds
      sourcemap: 'hidden',
      reportCompressedSize: false,
      rollupOptions: {
        onwarn(warning) {
          record(`${warning.code ?? 'WARNING'}: ${warning.message}`)
        },
      },
    },
  })
  const out = join(root, 'dist')
  const manifest = JSON.parse(readFileSync(join(out, '.vite/manifest.json'), 'utf8'))
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
  const startup = new Set()
  const visit = (key) => {
    if (startup.has(key)) return
    startup.add(key)
    for (const dep of manifest[key].imports ?? []) visit(dep)
  }
  visit(entryKey)
  // what a chunk is: the package it comes from (node_modules), else the SDK modules it holds (through the chunk's
  // source map, then the built package's own maps back to src/), else the page
  const sdkModules = (file) => {
    const map = JSON.parse(readFileSync(join(out, `${file}.map`), 'utf8'))
    const modules = new Set()
    // every position of the chunk's code in a built package file, traced through that file's own map to src/: only
    // the modules whose code is in the chunk (a dist file also holds modules the bundler dropped)
    for (const [index, line, column] of mappedPositions(map.mappings)) {
      const abs = join(out, dirname(file), map.sources[index])
      const pkg = /\/packages\/([^/]+)\/dist\//.exec(abs)?.[1]
      if (!pkg) continue
      const original = distMap(abs)?.findEntry(line, column).originalSource
      if (original) modules.add(`${pkg}/${original.replace(/^.*?src\//, '').replace(/\.tsx?$/, '')}`)
    }
    return [...modules].sort()
  }
  /** `@hellojohn/js: client, config, …; @hellojohn/react: …` */
  const sdkList = (modules) => {
    const byPkg = new Map()
    for (const m of modules) {
      const [pkg, ...rest] = m.split('/')
      byPkg.set(pkg, [...(byPkg.get(pkg) ?? []), rest.join('/')])
    }
    return [...byPkg].map(([pkg, list]) => `@hellojohn/${pkg}: ${list.join(', ')}`).join('; ')
  }
  const label = (key) => {
    const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(key)?.[1]
    if (pkg) return { what: pkg }
    const sdk = sdkList(sdkModules(manifest[key].file))
    if (manifest[key].isEntry) return { what: 'page entry: the page and the SDK modules below', sdk }
    return {
      what: sdk || (key.startsWith('_') ? 'shared chunk (split out by Vite)' : (manifest[key].src ?? key)),
    }
  }
  const size = (key) => {
    const code = readFileSync(join(out, manifest[key].file))
    return { file: manifest[key].file, ...label(key), min: code.length, gzip: gz(code) }
  }
  const chunks = Object.keys(manifest).filter((k) => manifest[k].file.endsWith('.js'))
  return {
    startup: [...startup].map(size),
    lazy: chunks.filter((k) => !startup.has(k)).map(size),
    warnings,
  }
}

const sum = (list, k) => list.reduce((n, c) => n + c[k], 0)
const row = (c) => {
  const line = `    ${c.file.padEnd(44)} ${kb(c.gzip).padStart(9)} gzip ${kb(c.min).padStart(10)} min  ${c.what}`
  if (!c.sdk) return line
  // the entry's SDK modules, wrapped
  const lines = [line]
  let current = '      '
  for (const word of c.sdk.split(' ')) {
    if (current.length + word.length > 118) {
      lines.push(current.trimEnd())
      current = '      '
    }
    current += word + ' '
  }
  return [...lines, current.trimEnd()].join('\n')
}

const work = mkdtempSync(join(tmpdir(), 'hellojohn-size-vite-'))
const failures = []
const summary = []
try {
  for (const [name, target] of Object.entries(LINKS)) {
    const link = join(work, 'node_modules', name)
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(target, link, 'dir')
  }
  console.log(
    `Real Vite production builds of scripts/size/pages/* against the built packages (gzip), with ${VITES.length} Vites: ` +
      VITES.map((v) => `${v.version} (${v.from})`).join(', '),
  )
  for (const { version, vite } of VITES) {
    console.log(`\n=== Vite ${version} ===`)
    for (const page of PAGE_LIST) {
      const { startup, lazy, warnings } = await buildPage(vite, page, join(work, `vite-${version}`))
      const startGzip = sum(startup, 'gzip')
      const over = page.budget !== undefined && startGzip > page.budget
      console.log(`\n${page.name}: ${page.what}`)
      console.log(
        `  startup ${kb(startGzip).padStart(9)} gzip ${kb(sum(startup, 'min')).padStart(10)} min` +
          (page.budget !== undefined
            ? `  (budget ${kb(page.budget)}, ${over ? 'OVER by' : 'headroom'} ${Math.abs(page.budget - startGzip)} B)`
            : ''),
      )
      for (const c of startup) console.log(row(c))
      console.log(
        `  lazy    ${kb(sum(lazy, 'gzip')).padStart(9)} gzip ${kb(sum(lazy, 'min')).padStart(10)} min  (${lazy.length} chunks, loaded on first use)`,
      )
      for (const c of lazy.sort((x, y) => y.gzip - x.gzip)) console.log(row(c))
      summary.push(
        `  Vite ${version.padEnd(7)} ${page.name.padEnd(12)} startup ${kb(startGzip).padStart(9)} gzip, lazy ${kb(sum(lazy, 'gzip')).padStart(9)} gzip in ${lazy.length} chunks` +
          (page.budget !== undefined ? `, headroom ${page.budget - startGzip} B` : ''),
      )
      if (over)
        failures.push(
          `Vite ${version}, ${page.name}: startup ${kb(startGzip)} gzip is over its ${kb(page.budget)} budget`,
        )
      for (const w of warnings) {
        console.log(`  WARNING ${w}`)
        failures.push(`Vite ${version}, ${page.name}: Vite warned: ${w.split('\n')[0]}`)
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}

console.log(`\nSummary (Vites that ran: ${VITES.map((v) => v.version).join(', ')})\n${summary.join('\n')}`)
if (failures.length) {
  console.error(`\nsize (Vite pages) FAILED:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
console.log(
  `\nsize (Vite pages): every budget holds with Vite ${VITES.map((v) => v.version).join(' and ')}, no bundler warnings`,
)
