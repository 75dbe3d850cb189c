#!/usr/bin/env node
// Consumer test: what a user gets from the registry. Packs every package with pnpm, installs the tarballs with npm into
// a fresh project under os.tmpdir() (outside the workspace), then
//   (a) imports (ESM) and requires (CJS) every entry point of every package (the browser worker and the CLI entry are
//       only resolved) and checks the `hellojohn-mock` bin,
//   (b) type-checks a small TypeScript program using the public API with moduleResolution bundler and node16 (ESM and
//       CJS files; module node16 and node20), with the workspace's TypeScript and skipLibCheck off, so our .d.ts files
//       are checked too,
//   (c) starts `npx hellojohn-mock --port <free port>` from the installed tarball and runs a script against it: sign in
//       with @hellojohn/js, verify the token with @hellojohn/node, list users with the secret key.
// Prints a summary and exits non-zero on any failure. Builds nothing: run `npx -y pnpm@10 build` first.
//
// Usage: node scripts/packaging/consumer-test.mjs [--keep]   (--keep leaves the temporary project on disk)
import { accessSync, constants, existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  PACKAGES,
  ROOT,
  cleanupDir,
  copyFixtures,
  formatTable,
  prepareConsumer,
  quietLines,
  run,
  seconds,
  startMockCli,
  tail,
} from './lib.mjs'

const keep = process.argv.includes('--keep')
const started = Date.now()
const rows = []
const record = (part, check, ok, ms, note = '') => {
  rows.push([part, check, ok ? 'pass' : 'FAIL', seconds(ms), note])
  if (!ok) console.error(`\nFAIL ${part} ${check}\n${note}`)
}

const parseJsonLine = (result) => {
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'))
  if (!line) throw new Error(`no JSON output (exit ${result.code}):\n${tail(result)}`)
  return JSON.parse(line)
}

let project
try {
  project = await prepareConsumer()
  record(
    'setup',
    `pnpm pack x${PACKAGES.length} + npm install (registry for third-party deps)`,
    true,
    project.ms,
  )
} catch (error) {
  record(
    'setup',
    `pnpm pack x${PACKAGES.length} + npm install`,
    false,
    Date.now() - started,
    String(error.message),
  )
}

if (project) {
  const { dir } = project
  copyFixtures(dir, ['entries.mjs', 'entries.cjs', 'smoke.mjs', 'consumer-types.ts'])

  // (a) import and require every entry point
  const [esm, cjs] = await Promise.all([
    run('node', ['entries.mjs'], { cwd: dir }),
    run('node', ['entries.cjs'], { cwd: dir }),
  ])
  let esmResults = []
  let cjsResults = []
  try {
    esmResults = parseJsonLine(esm).results
    cjsResults = parseJsonLine(cjs).results
  } catch (error) {
    record('(a) entries', 'import/require', false, esm.ms + cjs.ms, String(error.message))
  }
  for (const e of esmResults) {
    const c = cjsResults.find((r) => r.specifier === e.specifier)
    const notes = []
    if (!e.ok) notes.push(`import: ${e.error}`)
    if (!c) notes.push('require: entry missing from the CJS run')
    else if (!c.ok) notes.push(`require: ${c.error}`)
    if (e.ok && c?.ok) {
      if (!e.file.endsWith('.js') || !c.file.endsWith('.cjs'))
        notes.push(`import → ${e.file}, require → ${c.file}`)
      if (!e.resolveOnly) {
        const onlyEsm = e.exports.filter((k) => !c.exports.includes(k))
        const onlyCjs = c.exports.filter((k) => !e.exports.includes(k))
        if (onlyEsm.length || onlyCjs.length)
          notes.push(`ESM/CJS exports differ: ESM only [${onlyEsm}], CJS only [${onlyCjs}]`)
      }
    }
    const what = e.resolveOnly
      ? 'resolve (import + require)'
      : `import + require (${e.exports?.length ?? 0} exports)`
    record('(a) entries', `${e.specifier}: ${what}`, notes.length === 0, 0, notes.join('; '))
  }
  {
    const link = join(dir, 'node_modules', '.bin', 'hellojohn-mock')
    const notes = []
    if (!existsSync(link)) notes.push('node_modules/.bin/hellojohn-mock missing')
    else {
      const target = realpathSync(link)
      try {
        accessSync(target, constants.X_OK)
      } catch {
        notes.push(`${target} is not executable`)
      }
      if (!readFileSync(target, 'utf8').startsWith('#!/usr/bin/env node'))
        notes.push(`${target} has no node shebang`)
    }
    record(
      '(a) entries',
      'bin hellojohn-mock (linked, executable, shebang)',
      notes.length === 0,
      0,
      notes.join('; '),
    )
  }

  // (b) type-check the public API under moduleResolution bundler and node16 (ESM + CJS). Three programs:
  //   bundler:  module esnext + moduleResolution bundler (.ts), what Vite/webpack/Next projects use;
  //   node16:   module node16 + moduleResolution node16, an ESM (.mts) and a CJS (.cts) file. Under node16 a CJS file
  //             cannot import ESM-only packages, so our .d.cts files must not import types from jose (ESM-only): the
  //             JOSE types in our public API are declared locally (packages/node/src/verify/jwk-types.ts,
  //             mock-server/src/engine/keys.ts);
  //   node20:   module node20 (whose resolution is node16) with an ESM (.mts) and a CJS (.cts) file: TypeScript's model
  //             of Node >= 20.19, which our `engines` require, where require() can load ESM-only dependencies.
  const body = readFileSync(join(dir, 'consumer-types.ts'), 'utf8')
  writeFileSync(join(dir, 'bundler.ts'), body)
  writeFileSync(join(dir, 'node16-esm.mts'), body)
  writeFileSync(join(dir, 'node16-cjs.cts'), body)
  writeFileSync(join(dir, 'node20-esm.mts'), body)
  writeFileSync(join(dir, 'node20-cjs.cts'), body)
  const common = {
    target: 'ES2022',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
  }
  const programs = [
    [
      'bundler',
      'tsc, moduleResolution bundler (.ts)',
      { module: 'ESNext', moduleResolution: 'bundler' },
      ['bundler.ts'],
    ],
    [
      'node16',
      'tsc, moduleResolution node16, module node16 (.mts + .cts)',
      { module: 'node16', moduleResolution: 'node16' },
      ['node16-esm.mts', 'node16-cjs.cts'],
    ],
    [
      'node20',
      'tsc, moduleResolution node16, module node20 (.mts + .cts)',
      { module: 'node20', moduleResolution: 'node16' },
      ['node20-esm.mts', 'node20-cjs.cts'],
    ],
  ]
  for (const [name, , options, files] of programs) {
    writeFileSync(
      join(dir, `tsconfig.${name}.json`),
      JSON.stringify({ compilerOptions: { ...common, ...options }, files }, null, 2),
    )
  }
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const typeRuns = await Promise.all(
    programs.map(([name]) => run('node', [tsc, '-p', `tsconfig.${name}.json`], { cwd: dir })),
  )
  // skipLibCheck is off so that our own .d.ts files are checked; errors inside third-party declarations (msw's
  // under node16 CJS, for instance) are not ours to fix and are only counted.
  const typeResult = (label, result) => {
    const errors = result.stdout.split('\n').filter((l) => /error TS\d+/.test(l))
    const ours = errors.filter(
      (l) => !l.startsWith('node_modules/') || l.startsWith('node_modules/@hellojohn/'),
    )
    const thirdParty = errors.length - ours.length
    const ok = ours.length === 0 && (result.code === 0 || errors.length > 0)
    const note = [
      ...(ours.length ? ours : result.code !== 0 && errors.length === 0 ? [tail(result, 20)] : []),
      ...(thirdParty ? [`(${thirdParty} error(s) inside third-party .d.ts files ignored)`] : []),
    ].join('\n')
    record('(b) types', label, ok, result.ms, note)
  }
  programs.forEach(([, label], i) => typeResult(label, typeRuns[i]))

  // (c) the mock server's CLI from its tarball, and a short script against it
  const cStarted = Date.now()
  let mock
  try {
    mock = await startMockCli(dir)
    record('(c) mock CLI', `npx hellojohn-mock --port ${mock.port}`, true, Date.now() - cStarted)
    const smoke = await run('node', ['smoke.mjs', mock.url], { cwd: dir, timeoutMs: 60_000 })
    const out = quietLines(smoke.stdout + smoke.stderr)
    record(
      '(c) mock CLI',
      'sign in (js) → verifyToken (node) → users.list (secret key)',
      smoke.code === 0,
      smoke.ms,
      smoke.code ? tail(smoke, 30) : out.replace(/\n/g, '; '),
    )
  } catch (error) {
    record('(c) mock CLI', 'npx hellojohn-mock', false, Date.now() - cStarted, String(error.message))
  } finally {
    await mock?.stop()
  }

  if (keep) console.log(`(kept ${dir})`)
  else cleanupDir(dir)
}

const failed = rows.filter((r) => r[2] !== 'pass').length
console.log(
  `\n${formatTable(
    ['part', 'check', 'result', 'time', 'note'],
    rows.map((r) => [...r.slice(0, 4), String(r[4]).split('\n')[0].slice(0, 110)]),
  )}`,
)
console.log(
  `\nconsumer-test: ${failed ? `${failed} FAILED` : `all ${rows.length} passed`} in ${seconds(Date.now() - started)}`,
)
process.exit(failed ? 1 : 0)
