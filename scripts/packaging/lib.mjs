// Shared helpers for the packaging scripts: the list of published packages, process running, packing with pnpm,
// a throwaway consumer project installed from the tarballs, the mock server's CLI, free ports and tables.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))

/** The published packages, in dependency order. */
export const PACKAGES = [
  { name: '@hellojohn/js', dir: 'packages/js' },
  { name: '@hellojohn/node', dir: 'packages/node' },
  { name: '@hellojohn/react', dir: 'packages/react' },
  { name: '@hellojohn/server-session', dir: 'packages/server-session' },
  { name: '@hellojohn/nextjs', dir: 'packages/nextjs' },
  { name: '@hellojohn/vue', dir: 'packages/vue' },
  { name: '@hellojohn/mock-server', dir: 'mock-server' },
  { name: '@hellojohn/testing', dir: 'packages/testing' },
]

/** pnpm is not on PATH: every pnpm call goes through npx. */
export const PNPM = ['npx', ['-y', 'pnpm@10']]

export const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'))
export const pkgJson = (pkg) => readJson(join(ROOT, pkg.dir, 'package.json'))

/** A cache directory for runtimes fetched with npx (node@22, node@24, bun, deno): survives between runs. */
export const RUNTIME_CACHE = join(tmpdir(), 'hellojohn-runtime-cache')

const children = new Set()
let cleanupInstalled = false
function installCleanup() {
  if (cleanupInstalled) return
  cleanupInstalled = true
  const killAll = () => {
    for (const child of children) killTree(child)
  }
  process.on('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      killAll()
      process.exit(130)
    })
  }
}

/** Signals a child's whole process group (it was spawned `detached`), else the child alone. */
export function killTree(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      /* already gone */
    }
  }
}

/**
 * Runs a command (no shell) and collects its output. Never rejects: look at `code`.
 * `code` is 124 on timeout, like coreutils' timeout.
 */
export function run(cmd, args, { cwd = ROOT, env = {}, timeoutMs = 10 * 60_000, echo = false } = {}) {
  installCleanup()
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
      if (echo) process.stdout.write(d)
    })
    child.stderr.on('data', (d) => {
      stderr += d
      if (echo) process.stderr.write(d)
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      killTree(child, 'SIGKILL')
    }, timeoutMs)
    const done = (code) => {
      clearTimeout(timer)
      children.delete(child)
      resolve({ code: timedOut ? 124 : code, stdout, stderr, ms: Date.now() - started, timedOut })
    }
    child.on('error', (error) => {
      stderr += String(error)
      done(127)
    })
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)))
  })
}

/** Drops npm's noise about machine-level config that has nothing to do with us. */
export const quietLines = (text) =>
  text
    .split('\n')
    .filter((line) => line.trim() && !/^npm warn (Unknown (user|env|project) config|config )/i.test(line))
    .join('\n')

/** The last `n` meaningful lines of a command's output, for failure messages. */
export const tail = (result, n = 25) =>
  quietLines(`${result.stdout}\n${result.stderr}`).split('\n').slice(-n).join('\n')

/** A free TCP port on localhost. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Packs every published package with pnpm (which rewrites `workspace:*`) into `dest`; returns name → tarball path. */
export async function packAll(dest) {
  mkdirSync(dest, { recursive: true })
  const tarballs = {}
  const results = await Promise.all(
    PACKAGES.map((pkg) =>
      run(PNPM[0], [...PNPM[1], 'pack', '--pack-destination', dest], { cwd: join(ROOT, pkg.dir) }).then(
        (r) => ({ pkg, r }),
      ),
    ),
  )
  for (const { pkg, r } of results) {
    if (r.code !== 0) throw new Error(`pnpm pack failed in ${pkg.dir}:\n${tail(r)}`)
    const { version } = pkgJson(pkg)
    const file = join(dest, `${pkg.name.replace('@', '').replace('/', '-')}-${version}.tgz`)
    if (!existsSync(file)) throw new Error(`pnpm pack in ${pkg.dir} did not write ${file}:\n${tail(r)}`)
    tarballs[pkg.name] = file
  }
  return tarballs
}

/** Every dist file an exports map / bin points at must exist: a build that did not run gives a clear message. */
export function assertBuilt() {
  const missing = []
  for (const pkg of PACKAGES) {
    const json = pkgJson(pkg)
    const targets = []
    const walk = (v) => {
      if (typeof v === 'string') targets.push(v)
      else if (v && typeof v === 'object') Object.values(v).forEach(walk)
    }
    walk(json.exports)
    walk(json.bin)
    for (const t of targets) if (!existsSync(join(ROOT, pkg.dir, t))) missing.push(`${pkg.dir}/${t}`)
  }
  if (missing.length) {
    throw new Error(`not built (run \`npx -y pnpm@10 build\` first); missing:\n  ${missing.join('\n  ')}`)
  }
}

/** Exact versions of the third-party packages a consumer brings itself (peers, types), taken from the workspace. */
export function consumerThirdParty() {
  const dev = (dir) => readJson(join(ROOT, dir, 'package.json')).devDependencies ?? {}
  const react = dev('packages/react')
  const vue = dev('packages/vue')
  const mock = dev('mock-server')
  const root = dev('.')
  const nextjs = dev('packages/nextjs')
  return {
    // @hellojohn/nextjs' peer dependency, pinned like the workspace
    next: nextjs.next,
    react: react.react,
    'react-dom': react['react-dom'],
    '@types/react': react['@types/react'],
    vue: vue.vue,
    // msw 3 needs Node 22: a Node 20 user pins msw 2, as we do.
    msw: mock.msw,
    '@types/node': root['@types/node'],
  }
}

/**
 * Creates a throwaway project OUTSIDE the workspace (under os.tmpdir()), packs every package into it and installs the
 * tarballs with npm (third-party dependencies come from the registry). Returns `{ dir, tarballs, ms }`.
 */
export async function prepareConsumer({ log = console.log } = {}) {
  assertBuilt()
  const started = Date.now()
  const dir = await mkdtemp(join(tmpdir(), 'hellojohn-consumer-'))
  if (!relative(ROOT, dir).startsWith('..')) throw new Error(`consumer dir ${dir} is inside the workspace`)
  log(`consumer project: ${dir}`)
  const tarballs = await packAll(join(dir, 'tarballs'))
  log(
    `packed: ${Object.values(tarballs)
      .map((t) => relative(dir, t))
      .join(', ')}`,
  )
  const dependencies = {}
  const overrides = {}
  for (const [name, file] of Object.entries(tarballs)) {
    dependencies[name] = `file:./${relative(dir, file)}`
    // Our packages depend on each other by version: make every such edge resolve to the local tarball.
    overrides[name] = `$${name}`
  }
  Object.assign(dependencies, consumerThirdParty())
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'hellojohn-consumer', private: true, version: '0.0.0', dependencies, overrides }, null, 2)}\n`,
  )
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'],
    {
      cwd: dir,
      timeoutMs: 5 * 60_000,
    },
  )
  if (install.code !== 0) throw new Error(`npm install of the tarballs failed:\n${tail(install, 40)}`)
  log(`npm install: ${(install.ms / 1000).toFixed(1)} s`)
  return { dir, tarballs, ms: Date.now() - started }
}

/** Copies fixture files (scripts/packaging/fixtures/NAME) into a directory. */
export function copyFixtures(dir, names) {
  for (const name of names) writeFileSync(join(dir, name), readFileSync(join(FIXTURES, name)))
}

/**
 * Starts the mock server's CLI as a user would (`npx hellojohn-mock --port N`, from the installed tarball) and waits
 * until it answers. `stop()` kills its whole process group; it is also killed when this process exits.
 */
export async function startMockCli(projectDir, { port, timeoutMs = 30_000 } = {}) {
  installCleanup()
  if (process.env.HJ_MOCK_URL) {
    // Debugging aid only: use a mock server that is already running instead of the tarball's CLI.
    const url = process.env.HJ_MOCK_URL.replace(/\/+$/, '')
    return { url, port: Number(new URL(url).port), stop: async () => {}, output: () => '' }
  }
  port ??= await freePort()
  const url = `http://localhost:${port}`
  const child = spawn('npx', ['--no-install', 'hellojohn-mock', '--port', String(port)], {
    cwd: projectDir,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  children.add(child)
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('close', r))
    killTree(child, 'SIGTERM')
    const timer = setTimeout(() => killTree(child, 'SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
    children.delete(child)
  }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`hellojohn-mock exited with ${child.exitCode} before answering:\n${quietLines(output)}`)
    }
    try {
      const res = await fetch(`${url}/.well-known/jwks.json`, { signal: AbortSignal.timeout(1000) })
      if (res.ok) return { url, port, stop, output: () => output }
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  await stop()
  throw new Error(`hellojohn-mock did not answer on ${url} within ${timeoutMs} ms:\n${quietLines(output)}`)
}

/** Prints rows as a Markdown table (readable in a terminal, pasteable into a README). */
export function formatTable(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)))
  const line = (cells) => `| ${cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join(' | ')} |`
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n')
}

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Removes a temporary directory unless HJ_KEEP_TMP is set (for debugging). */
export function cleanupDir(dir) {
  if (process.env.HJ_KEEP_TMP) {
    console.log(`(kept ${dir})`)
    return
  }
  rmSync(dir, { recursive: true, force: true })
}

export const listFiles = (dir) => (existsSync(dir) ? readdirSync(dir) : [])
