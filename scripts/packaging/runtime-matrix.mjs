#!/usr/bin/env node
// Runtime matrix: the same checks (fixtures/runtime-check.mjs: @hellojohn/js sign-in + session against the mock
// server's CLI, then @hellojohn/node token verification) on Node 20 (this process's node), Node 22 and 24, Bun and
// Deno (all from the npm registry through npx, cached under os.tmpdir()/hellojohn-runtime-cache), edge-runtime (the
// `edge-runtime` package: a bundle evaluated in its EdgeRuntime VM) and Chromium (/usr/bin/chromium through
// playwright-core, the built ESM files loaded through an import map from a localhost static server).
// Everything runs against the packed tarballs installed with npm in a fresh project under os.tmpdir().
// Prints a table of what ran where and exits non-zero on any failure. Builds nothing: run `npx -y pnpm@10 build` first.
//
// Usage: node scripts/packaging/runtime-matrix.mjs [--only node20,node22,node24,bun,deno,edge,chromium] [--keep]
//        [--project=DIR]  (reuse a consumer project made by `consumer-test.mjs --keep` instead of packing again)
import { createServer } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { extname, join, relative, sep } from 'node:path'
import {
  ROOT,
  RUNTIME_CACHE,
  cleanupDir,
  copyFixtures,
  formatTable,
  freePort,
  prepareConsumer,
  run,
  seconds,
  startMockCli,
  tail,
} from './lib.mjs'

const args = process.argv.slice(2)
const keep = args.includes('--keep')
const onlyArg = args.find((a, i) => args[i - 1] === '--only' || a.startsWith('--only='))
const only = onlyArg ? new Set(onlyArg.replace('--only=', '').split(',')) : null

const started = Date.now()
const rows = []
let failures = 0

/** Runs `fixtures/run-checks.mjs` with a command-line runtime and reads its `HJ_RESULT` line. */
async function cliRuntime(cmd, argv, cwd, baseUrl, versionCmd) {
  const env = {
    npm_config_cache: RUNTIME_CACHE,
    npm_config_update_notifier: 'false',
    DENO_NO_UPDATE_CHECK: '1',
  }
  const version = await run(versionCmd[0], versionCmd[1], { cwd, env, timeoutMs: 5 * 60_000 })
  if (version.code !== 0) return { version: '?', error: `could not start: ${tail(version, 15)}` }
  const result = await run(cmd, [...argv, baseUrl], { cwd, env, timeoutMs: 3 * 60_000 })
  const line = result.stdout.split('\n').find((l) => l.startsWith('HJ_RESULT '))
  const v = version.stdout.match(/\d+\.\d+\.\d+/)?.[0] ?? version.stdout.trim().split('\n')[0]
  if (!line) return { version: v, error: `exit ${result.code}, no result:\n${tail(result, 25)}` }
  const checks = JSON.parse(line.slice('HJ_RESULT '.length))
  const hang = result.stdout.split('\n').find((l) => l.startsWith('HJ_HANG'))
  if (hang)
    return {
      version: v,
      checks,
      hang: `the process did not exit by itself after the checks (${hang.slice(8).trim() || 'open handle'})`,
    }
  if (result.code !== 0) return { version: v, checks, error: `exit ${result.code}:\n${tail(result, 15)}` }
  return { version: v, checks }
}

/** Bundles the checks (from the installed tarballs) for the edge and evaluates them in an EdgeRuntime VM. */
async function edgeRuntime(dir, baseUrl) {
  const esbuild = createRequire(createRequire(join(ROOT, 'package.json')).resolve('tsup/package.json'))(
    'esbuild',
  )
  const { EdgeRuntime } = createRequire(join(ROOT, 'package.json'))('edge-runtime')
  const edgeVersion = JSON.parse(
    readFileSync(join(ROOT, 'node_modules', 'edge-runtime', 'package.json'), 'utf8'),
  ).version
  writeFileSync(
    join(dir, 'edge-entry.mjs'),
    `import { runChecks } from './runtime-check.mjs'\nglobalThis.__hjResult = runChecks(${JSON.stringify(baseUrl)})\n`,
  )
  const built = await esbuild.build({
    absWorkingDir: dir,
    entryPoints: ['edge-entry.mjs'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    // What Vercel/Next use for edge functions: no node built-ins may be reached.
    conditions: ['edge-light', 'worker', 'browser', 'import', 'default'],
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'silent',
  })
  const runtime = new EdgeRuntime({ initialCode: built.outputFiles[0].text })
  const checks = await runtime.context.__hjResult
  return { version: `edge-runtime ${edgeVersion}`, checks: JSON.parse(JSON.stringify(checks)) }
}

const MIME = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.cjs': 'text/javascript',
  '.html': 'text/html',
  '.json': 'application/json',
  '.map': 'application/json',
}

/** Resolves a package's `exports` target for a browser (conditions browser > import > default). */
function resolveExports(exp, subpath) {
  if (exp === undefined) return undefined
  if (typeof exp === 'string' || Array.isArray(exp)) return subpath === '.' ? pick(exp) : undefined
  const keys = Object.keys(exp)
  if (!keys.some((k) => k.startsWith('.'))) return subpath === '.' ? pick(exp) : undefined
  if (exp[subpath] !== undefined) return pick(exp[subpath])
  for (const key of keys) {
    const star = key.indexOf('*')
    if (star < 0) continue
    const [pre, post] = [key.slice(0, star), key.slice(star + 1)]
    if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= pre.length + post.length) {
      const target = pick(exp[key])
      return target?.replaceAll('*', subpath.slice(pre.length, subpath.length - post.length))
    }
  }
  return undefined
}
function pick(target) {
  if (target === null) return undefined
  if (typeof target === 'string') return target
  if (Array.isArray(target)) return target.map(pick).find(Boolean)
  for (const cond of ['browser', 'import', 'module', 'default']) if (cond in target) return pick(target[cond])
  return undefined
}

/** Builds an import map for the browser by crawling every module reachable from `entries` (files in `dir`). */
function buildImportMap(dir, entries) {
  const imports = {}
  const seen = new Set()
  const queue = entries.map((e) => join(dir, e))
  const bareRe = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"'./][^"']*)["']/g
  const relRe = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g
  while (queue.length) {
    const file = queue.shift()
    if (seen.has(file)) continue
    seen.add(file)
    const code = readFileSync(file, 'utf8')
    for (const [, rel] of code.matchAll(relRe)) queue.push(join(file, '..', rel))
    for (const [, spec] of code.matchAll(bareRe)) {
      if (imports[spec]) continue
      const parts = spec.split('/')
      const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
      const subpath = spec === name ? '.' : `./${spec.slice(name.length + 1)}`
      const pkgDir = join(dir, 'node_modules', name)
      let pkg
      try {
        pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
      } catch {
        throw new Error(`browser import map: ${spec} (imported by ${relative(dir, file)}) is not installed`)
      }
      let target = resolveExports(pkg.exports, subpath)
      if (!target && !pkg.exports)
        target =
          subpath === '.'
            ? typeof pkg.browser === 'string'
              ? pkg.browser
              : (pkg.module ?? pkg.main ?? 'index.js')
            : subpath
      if (!target)
        throw new Error(`browser import map: cannot resolve ${spec} (imported by ${relative(dir, file)})`)
      const abs = join(pkgDir, target)
      imports[spec] = `/${relative(dir, abs).split(sep).join('/')}`
      queue.push(abs)
    }
  }
  return { imports }
}

/** Serves `dir` on localhost (GET only, no directory listing, nothing outside `dir`). */
async function staticServer(dir) {
  const port = await freePort()
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname)
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir + sep)) {
      res.writeHead(403).end()
      return
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file')
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      })
      res.end(readFileSync(file))
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((r) => server.listen(port, '127.0.0.1', r))
  return { url: `http://localhost:${port}`, close: () => new Promise((r) => server.close(r)) }
}

/** Loads the built ESM files in Chromium from a localhost page and runs the checks there. */
async function chromium(dir, baseUrl) {
  const { chromium: pw } = createRequire(join(ROOT, 'package.json'))('playwright-core')
  const importMap = buildImportMap(dir, ['runtime-check.mjs'])
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>hellojohn runtime check</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  import { runChecks } from '/runtime-check.mjs'
  window.__hjResult = runChecks(${JSON.stringify(baseUrl)})
</script>`,
  )
  const server = await staticServer(dir)
  const userDataDir = mkdtempSync(join(tmpdir(), 'hellojohn-chromium-'))
  let context
  try {
    context = await pw.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    })
    const page = context.pages()[0] ?? (await context.newPage())
    const errors = []
    page.on('pageerror', (e) => errors.push(String(e)))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await page.goto(server.url, { waitUntil: 'load' })
    await page
      .waitForFunction(() => window.__hjResult !== undefined, null, { timeout: 15_000 })
      .catch(() => {
        throw new Error(`the page did not start the checks: ${errors.join('; ') || 'no error reported'}`)
      })
    const checks = await page.evaluate(() => window.__hjResult)
    const version = `Chromium ${context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1]))}`
    for (const c of checks) if (!c.ok && errors.length) c.error += ` [page: ${errors.slice(0, 3).join('; ')}]`
    return { version, checks }
  } finally {
    await context?.close().catch(() => {})
    await server.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

const RUNTIMES = [
  {
    id: 'node20',
    label: 'Node 20 (current)',
    run: (dir, url) =>
      cliRuntime(process.execPath, ['run-checks.mjs'], dir, url, [process.execPath, ['--version']]),
  },
  {
    id: 'node22',
    label: 'Node 22',
    run: (dir, url) =>
      cliRuntime('npx', ['-y', '-p', 'node@22', 'node', 'run-checks.mjs'], dir, url, [
        'npx',
        ['-y', '-p', 'node@22', 'node', '--version'],
      ]),
  },
  {
    id: 'node24',
    label: 'Node 24',
    run: (dir, url) =>
      cliRuntime('npx', ['-y', '-p', 'node@24', 'node', 'run-checks.mjs'], dir, url, [
        'npx',
        ['-y', '-p', 'node@24', 'node', '--version'],
      ]),
  },
  {
    id: 'bun',
    label: 'Bun',
    run: (dir, url) =>
      cliRuntime('npx', ['-y', 'bun', 'run-checks.mjs'], dir, url, ['npx', ['-y', 'bun', '--version']]),
  },
  {
    id: 'deno',
    label: 'Deno',
    run: (dir, url) =>
      cliRuntime('npx', ['-y', 'deno', 'run', '-A', 'run-checks.mjs'], dir, url, [
        'npx',
        ['-y', 'deno', '--version'],
      ]),
  },
  { id: 'edge', label: 'edge-runtime', run: edgeRuntime },
  { id: 'chromium', label: 'Chromium', run: chromium },
]

const projectArg = args.find((a) => a.startsWith('--project='))
let project
try {
  project = projectArg
    ? { dir: projectArg.slice('--project='.length), reused: true }
    : await prepareConsumer()
} catch (error) {
  console.error(String(error.message))
  failures++
}

if (project) {
  const { dir } = project
  copyFixtures(dir, ['runtime-check.mjs', 'run-checks.mjs'])
  let mock
  try {
    mock = await startMockCli(dir)
    console.log(`mock server (npx hellojohn-mock from its tarball): ${mock.url}`)
    for (const rt of RUNTIMES) {
      if (only && !only.has(rt.id)) continue
      const t0 = Date.now()
      let outcome
      try {
        outcome = await rt.run(dir, mock.url)
      } catch (error) {
        outcome = { version: '?', error: String(error?.message ?? error) }
      }
      const checks = outcome.checks ?? []
      const cell = (i) => {
        const c = checks[i]
        if (!c) return 'FAIL (did not run)'
        return c.ok ? 'pass' : 'FAIL'
      }
      const ok = !outcome.error && !outcome.hang && checks.length === 2 && checks.every((c) => c.ok)
      if (!ok) failures++
      const exit =
        rt.id === 'edge' || rt.id === 'chromium'
          ? 'n/a'
          : outcome.hang
            ? 'FAIL (hangs)'
            : outcome.error
              ? '?'
              : 'pass'
      rows.push([rt.label, outcome.version, cell(0), cell(1), exit, seconds(Date.now() - t0)])
      console.log(`${ok ? 'pass' : 'FAIL'} ${rt.label} (${outcome.version}) ${seconds(Date.now() - t0)}`)
      if (outcome.error) console.log(`  ${outcome.error.replace(/\n/g, '\n  ')}`)
      if (outcome.hang) console.log(`  ${outcome.hang}`)
      for (const c of checks)
        console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.ok ? c.detail : c.error}`)
    }
  } catch (error) {
    console.error(String(error?.message ?? error))
    failures++
  } finally {
    await mock?.stop()
  }
  if (keep || project.reused) console.log(`(kept ${dir})`)
  else cleanupDir(dir)
}

console.log(
  `\n${formatTable(['runtime', 'version', '@hellojohn/js sign-in + session', '@hellojohn/node verifyToken', 'exits by itself', 'time'], rows)}`,
)
console.log(
  `\nruntime-matrix: ${failures ? `${failures} FAILED` : `all ${rows.length} runtimes passed`} in ${seconds(Date.now() - started)}`,
)
process.exit(failures ? 1 : 0)
