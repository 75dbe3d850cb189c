#!/usr/bin/env node
// Release flow for the five packages (one changesets `fixed` group: they always share a version).
//
//   1. build every package (tsup: ESM + CJS + .d.ts)
//   2. lint-packages   publint --strict + attw on the pnpm tarballs
//   3. consumer-test   tarballs installed with npm in a fresh project: import/require, tsc bundler + node16, mock CLI
//   4. runtime-matrix  Node 20/22/24, Bun, Deno, edge-runtime, Chromium
//   5. docs            TypeDoc API reference (fails on undocumented public exports)
//   6. changeset version in a throwaway copy of the repository: proves the pending changesets (or, when there are none,
//      a temporary one) bump all five packages to one version and write CHANGELOG.md entries. The work tree is untouched.
//   7. publish         `pnpm publish -r --no-git-checks` (with --dry-run: `pnpm publish -r --dry-run --no-git-checks`)
//
// The real release (without --dry-run) expects `changeset version` to have been run and committed already (the
// "Version Packages" step), and npm credentials in the environment; it publishes whatever versions are not yet on
// the registry.
//
// Usage: node scripts/packaging/release.mjs --dry-run [--skip-build] [--skip-runtimes]
//        [--only=build,lint,consumer,runtimes,docs,version,publish]
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { PACKAGES, PNPM, ROOT, cleanupDir, formatTable, readJson, run, seconds, tail } from './lib.mjs'

const args = new Set(process.argv.slice(2))
const dryRun = args.has('--dry-run')
const onlyArg = [...args].find((a) => a.startsWith('--only='))
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null
const started = Date.now()
const rows = []
let failed = false

async function step(id, name, fn) {
  if (only && !only.has(id)) return
  // Every check runs (one run shows every problem); nothing is published after a failure, and nothing is checked
  // after a failed build.
  if (failed && (id === 'publish' || rows.some((r) => r[0] === 'build' && r[1] === 'FAIL'))) {
    rows.push([name, 'skipped', '', ''])
    return
  }
  const t0 = Date.now()
  console.log(`\n::group::${name}`)
  let ok = false
  let note
  try {
    note = (await fn()) ?? ''
    ok = true
  } catch (error) {
    note = String(error?.message ?? error)
    console.error(note)
  }
  console.log('::endgroup::')
  rows.push([name, ok ? 'pass' : 'FAIL', seconds(Date.now() - t0), note.split('\n')[0].slice(0, 100)])
  if (!ok) failed = true
}

/** Runs a command with its output streamed, throwing on a non-zero exit. */
async function sh(cmd, argv, options = {}) {
  const result = await run(cmd, argv, { echo: true, ...options })
  if (result.code !== 0)
    throw new Error(`${[cmd, ...argv].join(' ')} exited with ${result.code}:\n${tail(result, 30)}`)
  return result
}
const node = (script, extra = []) =>
  sh(process.execPath, [join(ROOT, 'scripts', 'packaging', script), ...extra])

/** Copies the repository's tracked and untracked-but-not-ignored files (no node_modules, no dist) to a temp dir. */
async function throwawayCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'hellojohn-release-'))
  const list = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
  })
  if (list.code !== 0) throw new Error(`git ls-files failed: ${tail(list)}`)
  for (const file of list.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue // deleted in the work tree
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    cpSync(join(ROOT, file), join(dir, file))
  }
  return dir
}

function pendingChangesets(dir) {
  return readdirSync(join(dir, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')
}

async function changesetVersion() {
  const dir = await throwawayCopy()
  try {
    const before = Object.fromEntries(
      PACKAGES.map((p) => [p.name, readJson(join(dir, p.dir, 'package.json')).version]),
    )
    let pending = pendingChangesets(dir)
    if (pending.length === 0) {
      // Nothing pending (right after a release): prove the mechanism with a temporary changeset in the copy.
      writeFileSync(
        join(dir, '.changeset', 'release-dry-run.md'),
        '---\n"@hellojohn/js": patch\n---\n\nRelease dry run.\n',
      )
      pending = pendingChangesets(dir)
    }
    const result = await run(join(ROOT, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: dir })
    if (result.code !== 0) throw new Error(`changeset version failed:\n${tail(result, 30)}`)
    const after = Object.fromEntries(
      PACKAGES.map((p) => [p.name, readJson(join(dir, p.dir, 'package.json')).version]),
    )
    const versions = new Set(Object.values(after))
    const problems = []
    if (versions.size !== 1) problems.push(`the fixed group did not move together: ${JSON.stringify(after)}`)
    const [version] = versions
    for (const pkg of PACKAGES) {
      if (after[pkg.name] === before[pkg.name]) problems.push(`${pkg.name} stayed at ${before[pkg.name]}`)
      const changelog = join(dir, pkg.dir, 'CHANGELOG.md')
      if (!existsSync(changelog)) problems.push(`${pkg.dir}/CHANGELOG.md was not written`)
      else if (!readFileSync(changelog, 'utf8').includes(`## ${after[pkg.name]}`))
        problems.push(`${pkg.dir}/CHANGELOG.md has no "## ${after[pkg.name]}" entry`)
      // Dependents must point at the new version of their @hellojohn dependencies (pnpm keeps workspace:*).
      const deps = readJson(join(dir, pkg.dir, 'package.json')).dependencies ?? {}
      for (const [dep, range] of Object.entries(deps)) {
        if (dep.startsWith('@hellojohn/') && !range.startsWith('workspace:'))
          problems.push(`${pkg.name} → ${dep}@${range} is not a workspace range`)
      }
    }
    const left = pendingChangesets(dir)
    if (left.length) problems.push(`changesets left unconsumed: ${left.join(', ')}`)
    const sample = readFileSync(join(dir, 'packages', 'js', 'CHANGELOG.md'), 'utf8')
      .split('\n')
      .slice(0, 12)
      .join('\n')
    console.log(
      `\n${pending.length} changeset(s) → version ${version}\n\npackages/js/CHANGELOG.md (head):\n${sample}`,
    )
    if (problems.length) throw new Error(problems.join('\n'))
    return `${pending.length} changeset(s): ${Object.values(before)[0]} → ${version}, 5 CHANGELOG.md written`
  } finally {
    cleanupDir(dir)
  }
}

if (!args.has('--skip-build')) {
  await step('build', 'build', () =>
    sh(PNPM[0], [
      ...PNPM[1],
      '-r',
      '--filter',
      './packages/*',
      '--filter',
      './mock-server',
      'run',
      'build',
    ]).then(() => ''),
  )
}
await step('lint', 'lint-packages (publint --strict, attw)', () => node('lint-packages.mjs').then(() => ''))
// The runtime matrix reuses the project the consumer test installed (one pack + npm install instead of two).
let consumerDir
await step('consumer', 'consumer-test (npm install of the tarballs)', async () => {
  const result = await run(
    process.execPath,
    [join(ROOT, 'scripts', 'packaging', 'consumer-test.mjs'), '--keep'],
    { echo: true },
  )
  consumerDir = result.stdout.match(/^\(kept (.+)\)$/m)?.[1]
  if (result.code !== 0) throw new Error(`consumer-test exited with ${result.code}`)
  return ''
})
if (!args.has('--skip-runtimes')) {
  await step('runtimes', 'runtime-matrix (7 runtimes)', () =>
    node('runtime-matrix.mjs', consumerDir ? [`--project=${consumerDir}`] : []).then(() => ''),
  )
}
if (consumerDir) cleanupDir(consumerDir)
await step('docs', 'docs (TypeDoc, no undocumented exports)', () =>
  sh(join(ROOT, 'node_modules', '.bin', 'typedoc'), []).then(() => 'docs/api'),
)
await step('version', 'changeset version (throwaway copy)', changesetVersion)
await step('publish', dryRun ? 'pnpm publish -r --dry-run' : 'pnpm publish -r', async () => {
  const result = await sh(PNPM[0], [
    ...PNPM[1],
    'publish',
    '-r',
    '--no-git-checks',
    ...(dryRun ? ['--dry-run'] : []),
  ])
  const published = [...`${result.stdout}\n${result.stderr}`.matchAll(/^\+ (@hellojohn\/[\w-]+@\S+)/gm)].map(
    (m) => m[1],
  )
  const missing = dryRun
    ? PACKAGES.filter((p) => !published.some((s) => s.startsWith(`${p.name}@`))).map((p) => p.name)
    : []
  if (missing.length) throw new Error(`not in the publish run: ${missing.join(', ')}`)
  return published.join(', ') || 'nothing new to publish'
})

console.log(`\n${formatTable(['step', 'result', 'time', 'note'], rows)}`)
console.log(
  `\nrelease${dryRun ? ' --dry-run' : ''}: ${failed ? 'FAILED' : 'ok'} in ${seconds(Date.now() - started)}`,
)
process.exit(failed ? 1 : 0)
