import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { OUTPUT, ROOT, URLS } from './env'

/** Env of the e2e builds: the examples talk to the e2e mock server and Node example. */
const EXAMPLE_ENV = {
  VITE_HELLOJOHN_BASE_URL: URLS.mock,
  VITE_HELLOJOHN_PUBLISHABLE_KEY: 'pk_test_demo',
  VITE_HELLOJOHN_TENANT_ID: 'tnt_demo',
  VITE_NODE_API_URL: URLS.node,
}

/**
 * Builds one example with its own vite (`vite build`, a child process) into `test-output/e2e/build/<name>` and
 * returns the directory.
 */
export function buildExample(
  name: 'react-vite' | 'vue-vite',
  mock: 'server' | 'browser' = 'server',
): Promise<string> {
  const cwd = join(ROOT, 'examples', name)
  const outDir = join(OUTPUT, 'build', mock === 'browser' ? `${name}-msw` : name)
  const env =
    mock === 'browser'
      ? { ...EXAMPLE_ENV, VITE_HELLOJOHN_MOCK: 'browser', VITE_HELLOJOHN_BASE_URL: URLS.nothing }
      : EXAMPLE_ENV
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(cwd, 'node_modules/vite/bin/vite.js'),
        'build',
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      {
        cwd,
        env: { ...process.env, ...env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0
        ? resolve(outDir)
        : reject(new Error(`vite build of examples/${name} failed (exit ${code}):\n${output}`)),
    )
  })
}
