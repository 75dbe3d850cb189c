/**
 * The data directory of the standalone mock: `state.json` (the newest state) and `state.prev.json` (the
 * generation before it). Writes are atomic (temp file, rename) and debounced, so a SIGKILL loses at most the
 * last {@link SAVE_DELAY_MS} plus one save (about 0.5 s at 100,000 users); SIGINT/SIGTERM flush. A damaged
 * file never blocks start: it is moved aside and the previous generation (or the seed) is used.
 *
 * The fsync that makes a save survive a power cut runs after the rename, off the path of the next save: a
 * killed process loses nothing the kernel already has, so waiting for the disk before the rename only delayed
 * the moment a change was safe from SIGKILL (by 30-60 ms at 100,000 users). Should the machine itself crash
 * before that fsync, the damaged `state.json` is set aside at the next start and `state.prev.json` (synced a
 * save earlier) is used.
 */
import { open } from 'node:fs/promises'
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { exportSnapshot, importDocument } from './engine/snapshot'
import type { MockState } from './engine/state'

/**
 * How long after a change the state is written (the most a SIGKILL can lose, plus the write itself): long
 * enough to batch a burst of requests into one save, short enough to leave most of the one-second budget to
 * the write.
 */
export const SAVE_DELAY_MS = 100

const CURRENT = 'state.json'
const PREVIOUS = 'state.prev.json'

/** What {@link loadDataDir} found. */
export interface DataDirLoad {
  /** The file the state came from, or null when the directory held no usable state. */
  loadedFrom: string | null
  /** One line per file that could not be used (and where the damaged copy was moved). */
  skipped: string[]
}

/**
 * Writes text to a file atomically: a temp file in the same directory, then rename over the target. With
 * `sync: 'before-rename'` the temp file is fsynced first (durable against a power cut at once); with
 * `'after-rename'` the rename happens as soon as the kernel has the data and the returned promise settles
 * once it is on the disk.
 */
export function writeFileAtomic(
  file: string,
  text: string,
  sync: 'before-rename' | 'after-rename' = 'before-rename',
): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w')
  try {
    writeSync(fd, text)
    if (sync === 'before-rename') fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, file)
  return sync === 'before-rename' ? Promise.resolve() : syncFile(file)
}

/** fsyncs a file if it still exists (a later save may have rotated it away, having synced its own). */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r').catch(() => null)
  if (!handle) return
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Loads the newest usable state of a data directory into `state` (or leaves the seed when there is none).
 *
 * @example
 * ```ts
 * const { loadedFrom, skipped } = await loadDataDir(state, '.hellojohn-mock')
 * ```
 */
export async function loadDataDir(state: MockState, dir: string, now = Date.now()): Promise<DataDirLoad> {
  const skipped: string[] = []
  for (const name of [CURRENT, PREVIOUS]) {
    const file = join(dir, name)
    if (!existsSync(file)) continue
    try {
      await importDocument(state, JSON.parse(readFileSync(file, 'utf8')) as unknown)
      return { loadedFrom: file, skipped }
    } catch (e) {
      // keep the damaged file for inspection, out of the way of the next save's rotation
      const aside = `${file}.damaged-${now}`
      renameSync(file, aside)
      skipped.push(
        `${file}: ${e instanceof SyntaxError ? 'not valid JSON' : (e as Error).message} (moved to ${aside})`,
      )
    }
  }
  state.reset()
  return { loadedFrom: null, skipped }
}

/** Reads the newest usable snapshot document of a data directory without starting anything (for `export`). */
export function readDataDirDocument(dir: string): { document: unknown; file: string } | null {
  for (const name of [CURRENT, PREVIOUS]) {
    const file = join(dir, name)
    if (!existsSync(file)) continue
    try {
      return { document: JSON.parse(readFileSync(file, 'utf8')) as unknown, file }
    } catch {
      continue
    }
  }
  return null
}

/** Saves a state to its data directory on change. */
export interface Persister {
  /** Something changed: save within {@link SAVE_DELAY_MS}. */
  markDirty(): void
  /** Writes now if anything is unsaved (used on SIGINT/SIGTERM and close). */
  flush(): Promise<void>
  /** Flushes and stops. */
  close(): Promise<void>
}

/**
 * Keeps a data directory in step with a state: each save moves `state.json` to `state.prev.json` and writes
 * the new `state.json` atomically, so there is always one complete earlier generation.
 */
export function createPersister(
  state: MockState,
  dir: string,
  onError: (message: string) => void = () => undefined,
): Persister {
  mkdirSync(dir, { recursive: true })
  let dirty = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let saving: Promise<void> = Promise.resolve()
  // the fsync of the latest save, awaited by the next rotation (state.prev.json is always on the disk) and by
  // flush()
  let syncing: Promise<void> = Promise.resolve()
  const save = async (): Promise<void> => {
    if (!dirty) return
    dirty = false
    try {
      const text = JSON.stringify(await exportSnapshot(state))
      const current = join(dir, CURRENT)
      await syncing
      if (existsSync(current)) renameSync(current, join(dir, PREVIOUS))
      syncing = writeFileAtomic(current, text, 'after-rename').catch((e: unknown) =>
        onError(`could not sync the state to the disk in ${dir}: ${(e as Error).message}`),
      )
    } catch (e) {
      dirty = true
      onError(`could not save the state to ${dir}: ${(e as Error).message}`)
    }
  }
  const run = (): Promise<void> => {
    saving = saving.then(save)
    return saving
  }
  return {
    markDirty() {
      dirty = true
      if (timer) return
      timer = setTimeout(() => {
        timer = undefined
        void run()
      }, SAVE_DELAY_MS)
    },
    async flush() {
      if (timer) clearTimeout(timer)
      timer = undefined
      await run()
      await syncing
    },
    async close() {
      await this.flush()
    },
  }
}
