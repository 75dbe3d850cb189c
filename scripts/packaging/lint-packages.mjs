#!/usr/bin/env node
// Lints what we would publish: packs each package with pnpm (exactly the tarball `pnpm publish` uploads, with
// `workspace:*` rewritten), then runs `publint --strict` and `attw` (profile "strict": node10, node16 from CJS,
// node16 from ESM and bundler must all resolve JS and types) on the tarball, and checks the tarball holds a README and
// no sources or tests. Any error, warning or suggestion from publint, any problem from attw, fails.
// Builds nothing: run `npx -y pnpm@10 build` first.
//
// Usage: node scripts/packaging/lint-packages.mjs
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  PACKAGES,
  ROOT,
  assertBuilt,
  cleanupDir,
  formatTable,
  packAll,
  quietLines,
  run,
  seconds,
} from './lib.mjs'

const started = Date.now()
assertBuilt()
const dest = mkdtempSync(join(tmpdir(), 'hellojohn-lint-'))
const bin = (name) => join(ROOT, 'node_modules', '.bin', name)

let failed = false
const rows = []
try {
  const tarballs = await packAll(dest)
  const results = await Promise.all(
    PACKAGES.map(async (pkg) => {
      const tgz = tarballs[pkg.name]
      const [publint, attw, list] = await Promise.all([
        run(bin('publint'), ['run', tgz, '--strict'], { cwd: dest }),
        run(
          bin('attw'),
          [tgz, '--profile', 'strict', '--format', 'table-flipped', '--no-emoji', '--no-color'],
          { cwd: dest },
        ),
        run('tar', ['-tzf', tgz], { cwd: dest }),
      ])
      return { pkg, publint, attw, list }
    }),
  )
  for (const { pkg, publint, attw, list } of results) {
    // What the tarball holds: a README, no sources, tests or build leftovers.
    const files = list.stdout
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''))
    const contentProblems = [
      ...['README.md', 'package.json'].filter((f) => !files.includes(f)).map((f) => `missing ${f}`),
      ...files
        .filter((f) => /(^|\/)(src|__tests__|node_modules)\/|\.tsbuildinfo$|\.test\.|\.tgz$/.test(f))
        .map((f) => `should not ship ${f}`),
    ]
    if (list.code !== 0) contentProblems.push(`tar -tzf failed: ${list.stderr.trim()}`)
    const publintOut = quietLines(publint.stdout + publint.stderr)
    // publint exits 0 on suggestions; we want none at all.
    const publintProblems = /^(Errors|Warnings|Suggestions):/m.test(publintOut) || publint.code !== 0
    const attwOut = quietLines(attw.stdout + attw.stderr)
    const attwProblems = attw.code !== 0
    if (publintProblems || attwProblems || contentProblems.length) failed = true
    rows.push([
      pkg.name,
      publintProblems ? 'FAIL' : 'ok',
      attwProblems ? 'FAIL' : 'ok',
      contentProblems.length ? 'FAIL' : `ok (${files.length} files)`,
    ])
    console.log(
      `\n=== ${pkg.name}\n--- publint --strict\n${publintOut}\n--- attw --profile strict\n${attwOut}`,
    )
    console.log(
      `--- tarball: ${files.length} files${contentProblems.length ? `\n${contentProblems.join('\n')}` : ''}`,
    )
  }
} catch (error) {
  failed = true
  console.error(String(error?.stack ?? error))
} finally {
  cleanupDir(dest)
}

console.log(
  `\n${formatTable(['package', 'publint --strict', 'attw (node10, node16 cjs/esm, bundler)', 'tarball contents'], rows)}`,
)
console.log(`\nlint-packages: ${failed ? 'FAILED' : 'all clean'} in ${seconds(Date.now() - started)}`)
process.exit(failed ? 1 : 0)
