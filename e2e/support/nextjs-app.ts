import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startHelloJohnServer, type HelloJohnServer } from '@hellojohn/mock-server/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { DEMO, OUTPUT, ROOT } from './env'

const base = Number(process.env.E2E_PORT_BASE ?? 19100)

/** Ports of the Next.js e2e (its own mock, so it can count refreshes in the mock's state, and `next start`). */
export const NEXT_PORTS = { mock: base + 40, app: base + 41 } as const
export const NEXT_URLS = {
  mock: `http://localhost:${NEXT_PORTS.mock}`,
  app: `http://localhost:${NEXT_PORTS.app}`,
} as const

/** The file the app server's clock offset is read from (see shift-clock.cjs). */
export const CLOCK_FILE = join(OUTPUT, 'nextjs-clock-offset')

/** Sets the app server's clock offset (ms); it picks it up within 20 ms. */
export async function shiftAppClock(offsetMs: number): Promise<void> {
  writeFileSync(CLOCK_FILE, String(offsetMs))
  await new Promise((r) => setTimeout(r, 150))
}

/** Builds the example (once: reused when newer than its inputs) and starts `next start` against the mock. */
export async function startNextApp(): Promise<{ stop(): Promise<void>; output: () => string }> {
  const { ensureBuild } = (await import('../../examples/nextjs/scripts/ensure-build.mjs')) as {
    ensureBuild(o?: { log?: (m: string) => void }): string
  }
  const app = ensureBuild({ log: (m: string) => console.log(m) })
  mkdirSync(OUTPUT, { recursive: true })
  writeFileSync(CLOCK_FILE, '0')
  let output = ''
  const child: ChildProcess = spawn(
    process.execPath,
    [join(app, 'node_modules/next/dist/bin/next'), 'start', '-p', String(NEXT_PORTS.app)],
    {
      cwd: app,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        HELLOJOHN_BASE_URL: NEXT_URLS.mock,
        HELLOJOHN_TENANT_ID: DEMO.tenantId,
        HELLOJOHN_PUBLISHABLE_KEY: DEMO.publishableKey,
        HELLOJOHN_SECRET_KEY: DEMO.secretKey,
        HELLOJOHN_E2E_CLOCK_FILE: CLOCK_FILE,
        NODE_OPTIONS: `--require ${join(ROOT, 'e2e/support/shift-clock.cjs')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.stdout?.on('data', (d) => (output += String(d)))
  child.stderr?.on('data', (d) => (output += String(d)))
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      const res = await fetch(`${NEXT_URLS.app}/`, { redirect: 'manual' })
      if (res.status < 500) break
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`next start did not come up:\n${output}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/**
 * For a test file: starts the file's own mock (fresh clock, rate limits and webhooks off) on the Next.js ports and
 * `next start` of the example against it, prints the app's output when a test fails, and stops both afterwards.
 * Returns the running mock (available from the tests on).
 */
export function useMockAndNextApp(): () => HelloJohnServer {
  let mock: HelloJohnServer | undefined
  let app: Awaited<ReturnType<typeof startNextApp>> | undefined
  beforeAll(async () => {
    mock = await startHelloJohnServer({
      port: Number(new URL(NEXT_URLS.mock).port),
      rateLimit: false,
      deliverWebhooks: false,
    })
    app = await startNextApp()
  }, 180_000)
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail')
      console.log(`next start output (tail):\n${app?.output().slice(-4000)}`)
  })
  afterAll(async () => {
    await app?.stop()
    await mock?.close()
  })
  return () => {
    if (!mock) throw new Error('the mock starts in beforeAll')
    return mock
  }
}
