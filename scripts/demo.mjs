#!/usr/bin/env node
// The one-command demo: builds what it needs, then runs together
//   - the standalone HelloJohn mock server   http://localhost:3000  (mock-server/dist/cli.js)
//   - the Node API example                    http://localhost:4000  (examples/node-express)
//   - the React example (vite dev server)     http://localhost:5173  (examples/react-vite)
//   - the Next.js example (next start)        http://localhost:3001  (examples/nextjs, built once with next build)
// and stops all of them on Ctrl-C or SIGTERM.
//
// Usage: pnpm demo [--rebuild] [--no-build] [--with-vue]
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { ensureBuild } from '../examples/nextjs/scripts/ensure-build.mjs'
import { ROOT, killTree } from './packaging/lib.mjs'

const args = new Set(process.argv.slice(2))
// HELLOJOHN_DEMO_PORTS="mock,node,react,vue,next" moves the demo off the default ports (used by the port-check test)
const [mockPort, nodePort, reactPort, vuePort, nextPort] = (
  process.env.HELLOJOHN_DEMO_PORTS ?? '3000,4000,5173,5174,3001'
)
  .split(',')
  .map(Number)
const PORTS = { mock: mockPort, node: nodePort, react: reactPort, vue: vuePort, next: nextPort }
const MOCK_URL = `http://localhost:${PORTS.mock}`
const color = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text)
const bold = (t) => paint('1', t)
const dim = (t) => paint('2', t)

// ---------------------------------------------------------------------------------------------------- port checks
/**
 * Whether something already uses a port on this machine: binding it on the IPv4 and the IPv6 loopback (the servers
 * listen on `localhost`, which may be either) fails with EADDRINUSE. An address family the machine lacks is skipped.
 */
async function portInUse(port) {
  for (const host of ['127.0.0.1', '::1']) {
    const error = await new Promise((resolve) => {
      const probe = createServer()
      probe.once('error', (e) => resolve(e))
      probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(null)))
    })
    if (error && error.code === 'EADDRINUSE') return true
    if (error && error.code !== 'EADDRNOTAVAIL' && error.code !== 'EAFNOSUPPORT') throw error
  }
  return false
}

/** Checks every port the demo needs before anything starts; exits 1 naming each busy one. */
async function checkPorts() {
  const wanted = [
    ['mock server', PORTS.mock],
    ['Node API', PORTS.node],
    ['React example', PORTS.react],
    ['Next.js example', PORTS.next],
    ...(args.has('--with-vue') ? [['Vue example', PORTS.vue]] : []),
  ]
  const busy = []
  for (const [name, port] of wanted) if (await portInUse(port)) busy.push(`${port} (${name})`)
  if (busy.length > 0) {
    console.error(
      `Port${busy.length > 1 ? 's' : ''} ${busy.join(', ')} already in use: is another demo running? ` +
        'Stop it (Ctrl-C in its terminal) or free the port, then run pnpm demo again.',
    )
    process.exit(1)
  }
}

await checkPorts()

// ---------------------------------------------------------------------------------------------------------- build
/** Newest modification time under a directory (sources, configs). */
function newest(dir) {
  let max = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === '__tests__') continue
    const p = join(dir, entry.name)
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return max
}

/** The running build, so a Ctrl-C or SIGTERM during the build stops it too. */
let building = null

/** Builds a package with tsup unless its dist is newer than its sources. */
async function buildPackage(dir, marker) {
  const pkg = join(ROOT, dir)
  const out = join(pkg, 'dist', marker)
  const fresh =
    existsSync(out) &&
    statSync(out).mtimeMs >= Math.max(newest(join(pkg, 'src')), statSync(join(pkg, 'package.json')).mtimeMs)
  if (fresh && !args.has('--rebuild')) {
    console.log(dim(`  ${dir}: up to date`))
    return
  }
  const started = Date.now()
  process.stdout.write(dim(`  ${dir}: building…`))
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js')], {
    cwd: pkg,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  building = child
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ? 1 : c)))
  building = null
  if (stopping) return
  if (code !== 0) {
    process.stdout.write('\n')
    process.stderr.write(output)
    console.error(
      `\nBuilding ${dir} failed (exit ${code}). Fix the error above, or run: npx -y pnpm@10 build`,
    )
    process.exit(1)
  }
  process.stdout.write(dim(` built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`))
}

// ------------------------------------------------------------------------------------------------------ processes
const children = []
let stopping = false

function withoutColorVars(env) {
  const { FORCE_COLOR: _f, NO_COLOR: _n, ...rest } = env
  return rest
}

function start(name, colorCode, command, argv, options = {}) {
  const child = spawn(command, argv, {
    cwd: options.cwd ?? ROOT,
    env: {
      ...withoutColorVars(process.env),
      ...(color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' }),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stopping it stops everything it started (vite's helpers too)
  })
  const label = paint(colorCode, `[${name}]`.padEnd(8))
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) process.stdout.write(`${label} ${line}\n`)
    })
  }
  child.on('exit', (code, signal) => {
    if (stopping) return
    console.error(`${label} exited (${signal ?? `code ${code}`}); stopping the demo.`)
    void stop(1)
  })
  children.push(child)
  return child
}

async function stop(code = 0) {
  if (stopping) return
  stopping = true
  console.log(dim('\nStopping the mock server, the Node API and the examples…'))
  if (building) building.kill('SIGTERM')
  for (const child of children) killTree(child, 'SIGTERM')
  const deadline = Date.now() + 4000
  while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50))
  }
  for (const child of children) killTree(child, 'SIGKILL')
  process.exit(code)
}

process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))
process.on('SIGHUP', () => void stop(0))
// Last resort (an exception in this script): never leave the servers behind.
process.on('exit', () => {
  for (const child of children) killTree(child, 'SIGKILL')
  if (building) building.kill('SIGKILL')
})

async function waitFor(url, name, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (stopping) return
    try {
      const res = await fetch(url)
      if (res.status < 500) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  console.error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s; stopping.`)
  await stop(1)
}

if (!args.has('--no-build')) {
  console.log(bold('Building what the demo needs (the browser examples run from sources)…'))
  await buildPackage('packages/js', 'index.js') // used by @hellojohn/node and the mock server
  await buildPackage('packages/node', 'index.js') // used by examples/node-express
  await buildPackage('mock-server', 'cli.js') // the hellojohn-mock CLI
  // the Next.js example runs from the packages' dist (next build), unlike the vite examples
  await buildPackage('packages/react', 'index.js')
  await buildPackage('packages/server-session', 'index.js')
  await buildPackage('packages/nextjs', 'server.js')
  if (stopping) await new Promise(() => {})
  console.log(dim('  examples/nextjs: next build (skipped when up to date)…'))
  try {
    ensureBuild({ log: (m) => console.log(dim(`  ${m}`)) })
  } catch (error) {
    console.error(String(error.message ?? error))
    process.exit(1)
  }
}

const vite = (example) => [
  join(ROOT, 'examples', example, 'node_modules/vite/bin/vite.js'),
  ['--port', String(PORTS[example === 'react-vite' ? 'react' : 'vue']), '--strictPort'],
]

await checkPorts() // again: the build may have taken a while
console.log(bold('\nStarting the mock server, the Node API and the React example…'))
// in memory: each demo starts from the seed, so the Node API's webhook registration never piles up across runs
start('mock', '35', process.execPath, [
  join(ROOT, 'mock-server/dist/cli.js'),
  '--port',
  String(PORTS.mock),
  '--in-memory',
])
await waitFor(`${MOCK_URL}/.well-known/jwks.json`, 'The mock server')
const origins = [`http://localhost:${PORTS.react}`, `http://localhost:${PORTS.vue}`].join(',')
start('api', '36', process.execPath, [join(ROOT, 'examples/node-express/src/server.js')], {
  env: { PORT: String(PORTS.node), HELLOJOHN_BASE_URL: MOCK_URL, ALLOWED_ORIGINS: origins },
})
const [reactVite, reactArgs] = vite('react-vite')
start('react', '34', process.execPath, [reactVite, ...reactArgs], {
  cwd: join(ROOT, 'examples/react-vite'),
  env: { VITE_HELLOJOHN_BASE_URL: MOCK_URL, VITE_NODE_API_URL: `http://localhost:${PORTS.node}` },
})
if (args.has('--with-vue')) {
  const [vueVite, vueArgs] = vite('vue-vite')
  start('vue', '32', process.execPath, [vueVite, ...vueArgs], {
    cwd: join(ROOT, 'examples/vue-vite'),
    env: { VITE_HELLOJOHN_BASE_URL: MOCK_URL },
  })
}
start(
  'next',
  '33',
  process.execPath,
  [join(ROOT, 'examples/nextjs/node_modules/next/dist/bin/next'), 'start', '-p', String(PORTS.next)],
  {
    cwd: join(ROOT, 'examples/nextjs'),
    env: { NEXT_TELEMETRY_DISABLED: '1', HELLOJOHN_BASE_URL: MOCK_URL },
  },
)
await Promise.all([
  waitFor(`http://localhost:${PORTS.next}/sign-in`, 'The Next.js example'),
  waitFor(`http://localhost:${PORTS.node}/health`, 'The Node API'),
  waitFor(`http://localhost:${PORTS.react}/`, 'The React example'),
  args.has('--with-vue') ? waitFor(`http://localhost:${PORTS.vue}/`, 'The Vue example') : Promise.resolve(),
])
if (stopping) await new Promise(() => {})

console.log(`
${bold('HelloJohn demo is running')}

  ${bold('React example')}   ${paint('4', `http://localhost:${PORTS.react}`)}   ← open this
  ${bold('Next.js example')} ${paint('4', `http://localhost:${PORTS.next}/dashboard`)}   (server-side session, HttpOnly cookies)
${args.has('--with-vue') ? `  ${bold('Vue example')}     ${paint('4', `http://localhost:${PORTS.vue}`)}\n` : ''}  ${bold('Node API')}        http://localhost:${PORTS.node}   (GET /api/me, GET /api/admin/users, POST /webhooks/hellojohn)
  ${bold('Mock API')}        ${MOCK_URL}   (tenant tnt_demo, pk_test_demo / sk_test_demo, GET /openapi.json)
  ${bold('Dashboard')}       ${paint('4', `${MOCK_URL}/`)}   (users, sessions, outbox, webhooks, auth config, clock…)

  ${bold('Demo users')} (password ${bold('correct-horse-battery-staple')})
    alice@example.com   no MFA, owner of Acme Corp
    bob@example.com     TOTP enrolled, secret ${bold('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')}
                        (type it into any authenticator app: Google Authenticator, 1Password, Authy…)

  ${bold('Codes and links')} (magic links, SMS/email codes, invitations) are printed above by ${paint('35', '[mock]')}
  as they are "sent", and listed live in the dashboard's Outbox (${MOCK_URL}/__mock/ui#/outbox)

  Ctrl-C stops everything.
`)
