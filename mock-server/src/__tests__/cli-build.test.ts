// The CLI tests (persistence, dashboard-token) run in parallel workers and each bundles the CLI. When they shared
// one output directory, one worker's clean deleted the bundle the other was about to spawn ("Cannot find module
// .test-dist/cli.js", seen in CI). Each bundle now has its own directory.
import { existsSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

async function freshHelper() {
  vi.resetModules()
  return import('./cli-process.js')
}

describe('the CLI bundle used by the process tests', () => {
  it('is built into a directory of its own, so a parallel build never deletes it', async () => {
    const a = await freshHelper()
    const b = await freshHelper()
    const [pathA, pathB] = await Promise.all([a.buildCli(), b.buildCli()])
    expect(pathA).not.toBe(pathB)
    expect(existsSync(pathA)).toBe(true)
    expect(existsSync(pathB)).toBe(true)
    for (const path of [pathA, pathB]) rmSync(dirname(path), { recursive: true, force: true })
  })
})
