// Temporary data directories for the persistence tests: each test file makes its own and removes them after each
// test, once its servers are stopped.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Creates directories under the system temp dir with `prefix`; `remove()` deletes every one made so far. */
export function tempDirs(prefix: string): { make(): string; remove(): void } {
  const dirs: string[] = []
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(dir)
      return dir
    },
    remove() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
    },
  }
}
