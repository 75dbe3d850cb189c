// Builds examples/nextjs with `next build` unless .next/BUILD_ID is newer than every input (the app's sources and the
// dist/ of the workspace packages it uses), so `pnpm size` and the e2e share one build. Run: node scripts/ensure-build.mjs
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const APP = fileURLToPath(new URL('..', import.meta.url))
const ROOT = join(APP, '../..')
const INPUTS = [
  APP,
  ...['js', 'node', 'react', 'server-session', 'nextjs'].map((p) => join(ROOT, 'packages', p, 'dist')),
]
const SKIP = new Set(['.next', 'node_modules', 'scripts'])

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name === 'next-env.d.ts') continue
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** Builds when needed; returns the app directory. Throws when the build fails. */
export function ensureBuild({ force = false, log = console.log } = {}) {
  for (const dir of INPUTS.slice(1)) {
    if (!existsSync(dir)) throw new Error(`${dir} is missing: run \`npx -y pnpm@10 build\` first.`)
  }
  const buildId = join(APP, '.next', 'BUILD_ID')
  const fresh = existsSync(buildId) && statSync(buildId).mtimeMs > Math.max(...INPUTS.map(newest))
  if (fresh && !force) {
    log('[nextjs] reusing the existing .next build (newer than its inputs)')
    return APP
  }
  const started = Date.now()
  const result = spawnSync(process.execPath, [join(APP, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: APP,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`)
  log(`[nextjs] next build took ${Date.now() - started} ms`)
  return APP
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  ensureBuild({ force: process.argv.includes('--force') })
