// What both benchmarks share: their command-line options, the CLI bundled from the sources (tsup, JS only, into
// bench/.dist, so a bench never runs a stale dist) and the mock server started from it as a child process on a free
// loopback port with rate limits and webhooks off.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'tsup'

/** The value after `--name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const args = process.argv.slice(2)
  const i = args.indexOf(`--${name}`)
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback
}

/** The secret key's headers for the demo tenant. */
export const ADMIN = { authorization: 'Bearer sk_test_demo', 'x-tenant-id': 'tnt_demo' }

/** The `p`th percentile of sorted numbers (NaN when there are none). */
export function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN
}

/**
 * Bundles the CLI from the sources (as dist/cli.js is built, so nothing runs a stale dist) into `outDir`, which it
 * empties first; resolves to the path of the bundle. The process tests in src/__tests__ use it too.
 */
export async function buildCli(outDir = fileURLToPath(new URL('./.dist', import.meta.url))) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  await build({
    entry: { cli: `${root}src/cli.ts` },
    format: ['esm'],
    outDir,
    dts: false,
    clean: true,
    silent: true,
    config: false,
    target: 'es2022',
    platform: 'node',
    // dependencies resolve from mock-server/node_modules at run time
    external: ['msw', 'jose', 'otpauth', '@simplewebauthn/server'],
  })
  return `${outDir}/cli.js`
}

/**
 * Starts `hellojohn-mock --port P --host 127.0.0.1 --no-rate-limit --no-webhooks ...extra` and waits for its
 * "listening on" line; P is `--port` of the bench's command line, by default 0 (a free port). Resolves to its base URL, how long it took to start, its resident memory (Linux) and stop(),
 * which sends SIGTERM (the data directory is flushed) and resolves once the process exited.
 */
export function startMock(cli, extra, timeoutMs = 120_000) {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [cli, '--port', option('port', '0'), '--host', '127.0.0.1', '--no-rate-limit', '--no-webhooks', ...extra],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    let baseUrl
    const timer = setTimeout(
      () => reject(new Error(`the mock server did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    )
    child.stdout.on('data', (chunk) => {
      out += chunk
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m && !baseUrl) {
        clearTimeout(timer)
        baseUrl = m[1]
        resolve({
          baseUrl,
          startMs: performance.now() - started,
          rssMb: () =>
            Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
          stop: () =>
            new Promise((exited) => {
              child.once('exit', exited)
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`the mock server exited with ${code}`)))
  })
}
