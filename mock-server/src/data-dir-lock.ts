/**
 * One hellojohn-mock per data directory. Two processes appending to the same journal, each from its own state,
 * would leave a directory that restores neither; so the first one takes `DIR/lock` and a second one stops at
 * start with an error that names the first.
 *
 * The lock file holds the owner's pid and the directory's real path. A lock whose process is gone (after a
 * `kill -9`) or that names another directory (the directory was copied while a mock ran on it) is stale and is
 * taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Thrown when another running mock holds the data directory (a second server started on it). */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError'
  readonly code = 'data_dir_in_use'

  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the data directory ${dir} is in use by another hellojohn-mock (pid ${pid}); stop it, or start this one with another --data-dir or --in-memory`,
    )
  }
}

interface LockOwner {
  pid: number
  dir: string
}

function readOwner(file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>
    return typeof owner.pid === 'number' && typeof owner.dir === 'string' ? (owner as LockOwner) : null
  } catch {
    return null // unreadable or half-written: treated as stale
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0) // signal 0: only checks that the process exists
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by another user
  }
}

/**
 * Takes the lock of a data directory (creating the directory); resolves to its release. Throws
 * {@link DataDirInUseError} when a running process (this one included, for a second server on the same
 * directory) holds it.
 *
 * @example
 * ```ts
 * const release = lockDataDir('.hellojohn-mock')
 * // … serve …
 * release()
 * ```
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true })
  const real = realpathSync(dir)
  const file = join(dir, 'lock')
  const me: LockOwner = { pid: process.pid, dir: real }
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number
    try {
      fd = openSync(file, 'wx')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = readOwner(file)
      if (owner && owner.dir === real && isRunning(owner.pid)) throw new DataDirInUseError(dir, owner.pid)
      rmSync(file, { force: true }) // stale: its process is gone, or it was copied from another directory
      continue
    }
    try {
      writeSync(fd, JSON.stringify(me))
    } finally {
      closeSync(fd)
    }
    return () => {
      const owner = readOwner(file)
      if (owner?.pid === me.pid && owner.dir === real) rmSync(file, { force: true })
    }
  }
  throw new Error(`could not take the lock ${file}: it keeps coming back`)
}
