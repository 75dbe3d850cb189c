import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
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
