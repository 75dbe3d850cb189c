/**
 * The journal of a data directory: one JSON line per save, holding only what changed since the snapshot it
 * belongs to (the records that may have changed, the plain-array collections that did, new outbox messages,
 * the clock offset). Appending a few hundred bytes is what lets a change reach the disk within the save delay
 * whatever the size of the state; the snapshot is rewritten only when the journal has grown (compaction), on
 * SIGINT/SIGTERM, and after a reset or an import.
 *
 * A process killed while appending leaves a torn last line: it is ignored on load, and the next start writes a
 * new snapshot before appending again, so a torn line is never followed by another.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Changes } from './engine/change-tracker'
import type { OutboxMessage } from './engine/outbox'
import { emptyDb } from './engine/state'
import type { MockDb, MockState } from './engine/state'

/** One line of the journal. Applied in this order: `cleared`, `del`, `put`, then the rest. */
export interface JournalEntry {
  /** Map collections that were emptied. */
  cleared?: string[]
  /** Keys deleted, per Map collection. */
  del?: Record<string, string[]>
  /** Records added or (possibly) changed, per Map collection, as `[key, record]`. */
  put?: Record<string, [string, unknown][]>
  /** Plain-array collections (`members`, `backupCodes`, `oauthProviders`) that changed, whole. */
  arrays?: Record<string, unknown[]>
  /** The whole outbox, when it was cleared since. */
  outbox?: unknown[]
  /** Messages sent since. */
  outbox_append?: unknown[]
  /** The clock offset, when it moved. */
  clock_offset_ms?: number
}

/** What {@link readJournal} found. */
export interface JournalRead {
  entries: JournalEntry[]
  /** Bytes of the usable entries. */
  bytes: number
  /** Set when a line could not be used: what was skipped and why. */
  problem: string | null
}

/** The file name of a journal, as a snapshot names it: `journal-<id>.ndjson`, nothing else (no paths). */
export const JOURNAL_NAME = /^journal-[a-z0-9-]{1,64}\.ndjson$/

/** Reads a journal; a missing file is an empty journal. Stops at the first line that is not a complete entry. */
export function readJournal(file: string): JournalRead {
  if (!existsSync(file)) return { entries: [], bytes: 0, problem: null }
  const text = readFileSync(file, 'utf8')
  const entries: JournalEntry[] = []
  let bytes = 0
  let start = 0
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    const line = end === -1 ? text.slice(start) : text.slice(start, end)
    let entry: unknown
    try {
      entry = JSON.parse(line)
    } catch {
      entry = undefined
    }
    if (end === -1 || typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      const rest = text.length - start
      return {
        entries,
        bytes,
        problem:
          end === -1
            ? `ignored an incomplete last journal entry (${rest} bytes; the process stopped while writing it)`
            : `ignored the journal from entry ${entries.length + 1} on (${rest} bytes): not a journal entry`,
      }
    }
    entries.push(entry as JournalEntry)
    bytes += Buffer.byteLength(line) + 1
    start = end + 1
  }
  return { entries, bytes, problem: null }
}

/**
 * Applies journal entries to a snapshot document (its `db` holds Map collections as `[key, record]` arrays),
 * giving the document of the state at the last entry. Keys keep their first position, as in a Map.
 */
export function applyJournal(doc: Record<string, unknown>, entries: readonly JournalEntry[]): void {
  if (entries.length === 0) return
  const db = (doc['db'] ?? {}) as Record<string, unknown>
  doc['db'] = db
  const maps = new Map<string, Map<string, unknown>>()
  const empty = emptyDb() as unknown as Record<string, unknown>
  const mapOf = (name: string): Map<string, unknown> | undefined => {
    if (!(empty[name] instanceof Map)) return undefined // not a collection of this version: ignored
    let map = maps.get(name)
    if (!map) {
      const raw = db[name]
      map = new Map(Array.isArray(raw) ? (raw as [string, unknown][]) : [])
      maps.set(name, map)
    }
    return map
  }
  let outbox = Array.isArray(doc['outbox']) ? (doc['outbox'] as unknown[]) : []
  for (const entry of entries) {
    for (const name of entry.cleared ?? []) mapOf(name)?.clear()
    for (const [name, keys] of Object.entries(entry.del ?? {})) {
      const map = mapOf(name)
      for (const key of keys) map?.delete(key)
    }
    for (const [name, records] of Object.entries(entry.put ?? {})) {
      const map = mapOf(name)
      for (const [key, record] of records) map?.set(key, record)
    }
    for (const [name, items] of Object.entries(entry.arrays ?? {})) {
      if (Array.isArray(empty[name])) db[name] = items
    }
    if (entry.outbox) outbox = [...entry.outbox]
    if (entry.outbox_append) outbox.push(...entry.outbox_append)
    if (entry.clock_offset_ms !== undefined) doc['clock_offset_ms'] = entry.clock_offset_ms
  }
  for (const [name, map] of maps) db[name] = [...map.entries()]
  doc['outbox'] = outbox
}

type ArrayCollection = { [K in keyof MockDb]: MockDb[K] extends unknown[] ? K : never }[keyof MockDb]

/**
 * The plain-array collections of the db (`backupCodes`, `members`, `oauthProviders`), compared by JSON at each
 * save (the change tracker watches the Maps). Derived from the db's shape, so a new one is journaled too.
 */
const ARRAY_COLLECTIONS = Object.entries(emptyDb())
  .filter(([, collection]) => Array.isArray(collection))
  .map(([name]) => name as ArrayCollection)

/** What the data directory holds of the parts the change tracker does not watch. */
export interface JournalBaseline {
  arrays: Map<string, string>
  outbox: { messages: OutboxMessage[]; length: number }
  clockOffset: number
}

/** The baseline of a state as it is now (just written to the disk). */
export function baselineOf(state: MockState): JournalBaseline {
  return {
    arrays: new Map(ARRAY_COLLECTIONS.map((name) => [name, JSON.stringify(state.db[name])])),
    outbox: { messages: state.outbox.messages, length: state.outbox.messages.length },
    clockOffset: state.clock.offset(),
  }
}

/**
 * The journal entry for what changed since `baseline`: the changed and deleted records (from the change
 * tracker), the arrays whose JSON differs, new outbox messages and the clock offset. Moves `baseline` forward;
 * null when nothing changed.
 */
export function entrySince(
  state: MockState,
  changes: Changes,
  baseline: JournalBaseline,
): JournalEntry | null {
  const entry: JournalEntry = {}
  if (changes.cleared.length > 0) entry.cleared = changes.cleared
  if (changes.deleted.size > 0) entry.del = Object.fromEntries(changes.deleted)
  if (changes.changed.size > 0) entry.put = Object.fromEntries(changes.changed)
  for (const name of ARRAY_COLLECTIONS) {
    const json = JSON.stringify(state.db[name])
    if (json === baseline.arrays.get(name)) continue
    baseline.arrays.set(name, json)
    ;(entry.arrays ??= {})[name] = state.db[name]
  }
  const messages = state.outbox.messages
  const before = baseline.outbox
  if (messages !== before.messages || messages.length < before.length) entry.outbox = [...messages]
  else if (messages.length > before.length) entry.outbox_append = messages.slice(before.length)
  baseline.outbox = { messages, length: messages.length }
  if (state.clock.offset() !== baseline.clockOffset) {
    baseline.clockOffset = state.clock.offset()
    entry.clock_offset_ms = baseline.clockOffset
  }
  return Object.keys(entry).length > 0 ? entry : null
}
