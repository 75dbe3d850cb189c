// Spawns the real hellojohn-mock CLI, bundled from the sources by the benches' buildCli (as dist/cli.js is built,
// into mock-server/.test-dist so the test never runs a stale dist).
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'
import { buildCli as bundleCli } from '../../bench/mock-process.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
// One directory per test file: test files run in parallel workers, and a shared directory let one worker's
// `clean` delete the bundle another worker was about to spawn.
const outDir = `${root}.test-dist/${randomUUID()}`
let built: Promise<string> | undefined

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

/** Builds the CLI once per test file; resolves to its path. */
export function buildCli(): Promise<string> {
  built ??= bundleCli(outDir)
  return built
}

/** A running CLI process with everything it printed so far. */
export interface CliProcess {
  child: ChildProcess
  baseUrl: string
  output(): string
  /** Sends a signal and resolves with the exit code (or signal name) once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>
}

/** Starts `hellojohn-mock ARGS` and waits for its "listening on" line. */
export async function startCli(args: string[], cwd = root): Promise<CliProcess> {
  const cli = await buildCli()
  const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  )
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CLI did not start within 20 s:\n${out}`)), 20_000)
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout?.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`the CLI exited (${code}) before listening:\n${out}`))
    })
  })
  return {
    child,
    baseUrl,
    output: () => out,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Runs the CLI to completion (e.g. `export`). */
export async function runCli(
  args: string[],
  cwd = root,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = await buildCli()
  const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  return { code, stdout, stderr }
}
