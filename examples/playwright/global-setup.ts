import { spawn } from 'node:child_process'
import { createReadStream, existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startHelloJohnServer } from '@hellojohn/mock-server/node'
import { APP_URL, MOCK_URL, PORTS } from './ports'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const OUT = join(ROOT, 'test-output', 'playwright', 'react-vite')
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

/** Builds examples/react-vite against the mock's URL (vite, a child process). */
function buildReactExample(): Promise<void> {
  const cwd = join(ROOT, 'examples', 'react-vite')
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(cwd, 'node_modules/vite/bin/vite.js'),
        'build',
        '--outDir',
        OUT,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      {
        cwd,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          VITE_HELLOJOHN_BASE_URL: MOCK_URL,
          VITE_NODE_API_URL: 'http://localhost:9',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`vite build of examples/react-vite failed (${code}):\n${output}`)),
    )
  })
}

/** Serves the built SPA: files as they are, any other path → index.html (client routes like /auth/magic-link). */
function serveApp(dir: string, port: number): Promise<Server> {
  const root = normalize(dir + sep)
  const server = createServer((req, res) => {
    void (async () => {
      let file = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)))
      if (!file.startsWith(root)) return void res.writeHead(403).end()
      if (!(await stat(file).catch(() => null))?.isFile()) file = join(root, 'index.html')
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
      })
      createReadStream(file).pipe(res)
    })().catch(() => res.writeHead(500).end())
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, 'localhost', () => resolve(server))
  })
}

/**
 * Once per run: builds the React example, starts the mock server (the same server as `npx hellojohn-mock`, in this
 * process) and a static server for the app. Every worker then creates its own tenant on that mock.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'
  if (!existsSync(chromium))
    throw new Error(
      `Chromium not found at ${chromium}: apt-get install chromium (.ci/run does it) or set CHROMIUM_PATH. Never \`playwright install\`.`,
    )
  const started = Date.now()
  await buildReactExample()
  // Rate limits off: password sign-in is limited per IP (10/min), and every worker signs in from 127.0.0.1.
  const mock = await startHelloJohnServer({ port: PORTS.mock, rateLimit: false, deliverWebhooks: false })
  const app = await serveApp(OUT, PORTS.app)
  console.log(
    `[playwright example] React example built and servers up in ${Date.now() - started} ms: app ${APP_URL}, mock ${MOCK_URL}`,
  )
  return async () => {
    app.closeAllConnections()
    await new Promise((r) => app.close(r))
    await mock.close()
  }
}
