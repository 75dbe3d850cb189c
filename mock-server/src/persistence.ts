/**
 * The data directory of the standalone mock: `state.json` (a snapshot of the whole state), the journal it names
 * (`journal-<id>.ndjson`: what changed since that snapshot, see `journal.ts`), and `state.prev.json` (the
 * generation before, with its own journal).
 *
 * A change reaches the disk as one small journal line within {@link SAVE_DELAY_MS}, whatever the size of the
 * state, so a SIGKILL loses at most the last 100 ms or so. Rewriting the whole snapshot (43 MB and about a third
 * of a second at 100,000 users) happens only when the journal has grown past the snapshot's size, after a
 * reset or an import, and on SIGINT/SIGTERM. Snapshots are written atomically (temp file, rename). A damaged
 * file never blocks start: it is moved aside and the previous generation (or the seed) is used.
 *
 * The fsync that makes a save survive a power cut runs after the rename or the append, off the path of the next
 * save: a killed process loses nothing the kernel already has. Should the machine itself crash before that
 * fsync, a damaged `state.json` is set aside at the next start and `state.prev.json` (synced a save earlier) is
 * used; a torn journal line is ignored.
 */
import { randomUUID } from 'node:crypto'
import { open } from 'node:fs/promises'
import {
  closeSync,
  existsSync,
  fdatasync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { trackChanges, WATCH_MS } from './engine/change-tracker'
import type { ChangeTracker } from './engine/change-tracker'
import { importDocument, snapshotDocument, storeKeys } from './engine/snapshot'
import type { MockDb, MockState } from './engine/state'
import { applyJournal, baselineOf, entrySince, JOURNAL_NAME, readJournal } from './journal'

/**
 * How long after a change it is written (the most a SIGKILL can lose, plus the append itself): long enough to
 * batch a burst of requests into one journal line.
 */
export const SAVE_DELAY_MS = 100

/** The journal is folded into a new snapshot once it is larger than the snapshot, or than this. */
const MIN_COMPACT_BYTES = 1_000_000

const CURRENT = 'state.json'
const PREVIOUS = 'state.prev.json'

/** What {@link loadDataDir} found. */
export interface DataDirLoad {
  /** The file the state came from, or null when the directory held no usable state. */
  loadedFrom: string | null
  /** One line per file that could not be used (and where the damaged copy was moved). */
  skipped: string[]
  /**
   * The journal the loaded snapshot names: its usable entries (applied), and whether it was read to its end
   * (then appending can go on).
   */
  journal: { name: string; bytes: number; entries: number; complete: boolean; snapshotBytes: number } | null
}

/**
 * Writes text to a file atomically: a temp file in the same directory, then rename over the target as soon as
 * the kernel has the data (which is what a killed process needs); the returned promise settles once the file is
 * on the disk (what a power cut needs).
 */
export function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  const fd = openSync(tmp, 'w')
  try {
    writeSync(fd, text)
  } finally {
    closeSync(fd)
  }
  renameSync(tmp, file)
  return syncFile(file)
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

interface DataDirDocument {
  document: Record<string, unknown>
  file: string
  snapshotBytes: number
  journal: { name: string; bytes: number; entries: number; complete: boolean } | null
  problem: string | null
}

/**
 * Reads one generation: the snapshot plus its journal, applied. Throws when the snapshot is not JSON or names
 * an impossible journal; a torn journal is a `problem`, not an error (the entries before it are used).
 */
function readGeneration(dir: string, file: string): DataDirDocument {
  const text = readFileSync(file, 'utf8')
  const parsed: unknown = JSON.parse(text)
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('not a snapshot document')
  const document = parsed as Record<string, unknown>
  const name = document['journal']
  delete document['journal']
  if (name === undefined) return { document, file, snapshotBytes: text.length, journal: null, problem: null }
  if (typeof name !== 'string' || !JOURNAL_NAME.test(name))
    throw new Error('"journal" must name a journal-<id>.ndjson file of the data directory')
  const read = readJournal(join(dir, name))
  applyJournal(document, read.entries)
  return {
    document,
    file,
    snapshotBytes: text.length,
    journal: { name, bytes: read.bytes, entries: read.entries.length, complete: read.problem === null },
    problem: read.problem && `${join(dir, name)}: ${read.problem}`,
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
      const read = readGeneration(dir, file)
      await importDocument(state, read.document)
      if (read.problem) skipped.push(read.problem)
      const journal = read.journal && { ...read.journal, snapshotBytes: read.snapshotBytes }
      return { loadedFrom: file, skipped, journal }
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
  return { loadedFrom: null, skipped, journal: null }
}

/** Reads the newest usable snapshot document of a data directory without starting anything (for `export`). */
export function readDataDirDocument(dir: string): { document: unknown; file: string } | null {
  for (const name of [CURRENT, PREVIOUS]) {
    const file = join(dir, name)
    if (!existsSync(file)) continue
    try {
      const { document } = readGeneration(dir, file)
      return { document, file }
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

function keysSignature(state: MockState): string {
  const ring = state.keys
  return JSON.stringify([ring.keys.map((k) => [k.kid, k.status]), ring.rsa?.kid ?? null])
}

/**
 * Keeps a data directory in step with a state. Each save appends what changed to the journal; a compaction
 * moves `state.json` to `state.prev.json`, writes the new snapshot atomically and starts a new journal, so
 * there is always one complete earlier generation.
 */
export function createPersister(
  state: MockState,
  dir: string,
  onError: (message: string) => void = () => undefined,
  loaded: DataDirLoad | null = null,
): Persister {
  mkdirSync(dir, { recursive: true })
  let dirty = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let saving: Promise<void> = Promise.resolve()
  // the fsync of the latest write, awaited by the next rotation (state.prev.json is always on the disk) and by
  // flush()
  let syncing: Promise<void> = Promise.resolve()
  // what the files on the disk hold, to tell what changed since (the tracker is set below, with state.db's accessor)
  let tracker: ChangeTracker
  let journal: { name: string; fd: number; bytes: number } | null = null
  let snapshotBytes = 0
  let baseline = baselineOf(state)
  let keys = keysSignature(state)
  let compactRequested = false
  // the journal of the snapshot that state.json holds now (it becomes state.prev.json's at the next compaction)
  let currentJournal = loaded?.journal?.name ?? null

  let closed = false

  const markDirty = (): void => {
    // after close() the db may live on (the in-process server's state), but the directory is no longer ours
    if (closed) return
    dirty = true
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      void run()
    }, SAVE_DELAY_MS)
  }

  const remember = (): void => {
    baseline = baselineOf(state)
    keys = keysSignature(state)
  }

  const openJournal = (name: string, bytes: number): void => {
    if (journal) closeSync(journal.fd)
    journal = { name, fd: openSync(join(dir, name), 'a'), bytes }
  }

  // A reset or an import replaces state.db. The new db must be watched from that instant: a request that reads a
  // record of it before the next snapshot is written, and changes the record in place after, would otherwise
  // change it unseen (the snapshot holds it as it was, and no tracker saw it handed out). So state.db becomes an
  // accessor for as long as the persister runs, and a new db gets its tracker (and a snapshot) when it is set.
  let db = state.db
  tracker = trackChanges(db, markDirty)
  Object.defineProperty(state, 'db', {
    configurable: true,
    enumerable: true,
    get: () => db,
    set: (next: MockDb) => {
      db = next
      tracker = trackChanges(next, markDirty)
      compactRequested = true
      markDirty()
    },
  })
  const detach = (): void => {
    Object.defineProperty(state, 'db', { configurable: true, enumerable: true, writable: true, value: db })
  }

  if (loaded?.journal?.complete && loaded.loadedFrom === join(dir, CURRENT)) {
    // go on appending to the journal that was read to its end
    snapshotBytes = loaded.journal.snapshotBytes
    openJournal(loaded.journal.name, loaded.journal.bytes)
    remember()
  } else {
    // no journal to go on with: start with a snapshot
    compactRequested = true
    markDirty()
  }

  /** Writes a new snapshot and starts its (empty) journal. */
  const compact = async (): Promise<void> => {
    await state.ready()
    const stored = await storeKeys(state)
    // from here to the new journal in one turn: a change is either in the snapshot or in the new journal
    const name = `journal-${randomUUID()}.ndjson`
    const text = JSON.stringify({ ...snapshotDocument(state, stored), journal: name })
    // the snapshot holds every change so far: the tracker's next report starts from it
    tracker.changes()
    remember()
    openJournal(name, 0)
    snapshotBytes = text.length
    compactRequested = false
    const current = join(dir, CURRENT)
    await syncing
    if (existsSync(current)) renameSync(current, join(dir, PREVIOUS))
    syncing = writeFileAtomic(current, text).catch((e: unknown) =>
      onError(`could not sync the state to the disk in ${dir}: ${(e as Error).message}`),
    )
    // state.prev.json is now the snapshot that named currentJournal (or, when there was no state.json to
    // rotate, still the one loaded, which named it too): every other journal is unused
    const used = new Set([name, currentJournal])
    currentJournal = name
    for (const file of readdirSync(dir)) {
      if (JOURNAL_NAME.test(file) && !used.has(file)) rmSync(join(dir, file), { force: true })
    }
  }

  /** Appends what changed since the last save; false when a new snapshot is needed instead. */
  const append = async (): Promise<boolean> => {
    if (!journal || compactRequested) return false
    await state.ready()
    // a reset or an import while waiting requests a compaction; so does a key change
    if (compactRequested || keysSignature(state) !== keys) return false
    const entry = entrySince(state, tracker.changes(), baseline)
    if (!entry) return true
    const line = `${JSON.stringify(entry)}\n`
    writeSync(journal.fd, line)
    journal.bytes += Buffer.byteLength(line)
    const fd = journal.fd
    syncing = syncing.then(
      () =>
        new Promise<void>((resolve) =>
          fdatasync(fd, (e) => {
            // EBADF: a compaction closed this journal, after its snapshot made it obsolete
            if (e && e.code !== 'EBADF') onError(`could not sync the journal in ${dir}: ${e.message}`)
            resolve()
          }),
        ),
    )
    if (journal.bytes > Math.max(MIN_COMPACT_BYTES, snapshotBytes)) {
      compactRequested = true
      markDirty()
    }
    return true
  }

  const save = async (): Promise<void> => {
    if (!dirty) return
    dirty = false
    try {
      if (!(await append())) await compact()
    } catch (e) {
      dirty = true
      // the changes a failed append took from the tracker are only in memory now: the next save writes them all
      compactRequested = true
      onError(`could not save the state to ${dir}: ${(e as Error).message}`)
    }
  }
  const run = (): Promise<void> => {
    saving = saving.then(save)
    return saving
  }
  // a look every half WATCH_MS even without a known change: it journals a record a GET changed in place, and it
  // lets the tracker forget the records that were only read (otherwise kept while no change comes)
  const look = setInterval(markDirty, WATCH_MS / 2)
  look.unref()
  return {
    markDirty,
    async flush() {
      if (timer) clearTimeout(timer)
      timer = undefined
      await run()
      await syncing
    },
    async close() {
      clearInterval(look)
      // leave one snapshot and an empty journal behind: fold the journal, and the changes still waiting for their
      // (debounced) append, into a new snapshot
      if (journal && (journal.bytes > 0 || dirty)) {
        compactRequested = true
        dirty = true
      }
      await this.flush()
      closed = true
      detach()
      if (journal) closeSync(journal.fd)
      journal = null
    },
  }
}
