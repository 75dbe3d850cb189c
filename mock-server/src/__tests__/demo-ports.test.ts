// `pnpm demo` checks every port before it builds or starts anything, and exits 1 naming the busy one
// (ports 19780-19784 through HELLOJOHN_DEMO_PORTS; nothing is built or started).
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import type { Server } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

function runDemo(): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['scripts/demo.mjs', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, HELLOJOHN_DEMO_PORTS: '19780,19781,19782,19783,19784', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (out += c.toString()))
  const timer = setTimeout(() => child.kill('SIGTERM'), 15_000)
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    }),
  )
}

it('exits 1 naming the busy port before starting anything', async () => {
  const busy = createServer()
  servers.push(busy)
  await new Promise<void>((r) => busy.listen(19781, 'localhost', r)) // the Node API's port
  const { code, out } = await runDemo()
  expect(code).toBe(1)
  expect(out).toMatch(/Port 19781 \(Node API\) already in use/)
  expect(out).not.toMatch(/Starting the mock server/)
})
